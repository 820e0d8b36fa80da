"""reportqa's index: PDF → sections → chunks → vectors → store → search → answer (façade: index.engine)."""
