"""OpenAlex API: a small polite client (`client`) and the country networks built from it (`fetch`)."""
