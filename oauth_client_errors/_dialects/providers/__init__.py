"""One data module per built-in provider dialect (see ``recognise.BUILTIN_NAMES``)."""
