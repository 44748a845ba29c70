"""The generic PySpark runner of the lakehouse's compiled Spark plans (see apps/glue-jobs/README.md)."""
