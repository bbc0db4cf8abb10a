"""Question language: parse text into a Question, compile it to SQL, build the Answer."""
