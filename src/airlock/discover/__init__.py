"""Shadow-AI discovery: which AI services a company uses, read from the logs it already has."""
