"""Building the store's tables on Apache Spark (the optional `spark` extra): session, SQL, works staging and the job."""
