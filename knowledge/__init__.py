"""Pure text knowledge: the FAQ knowledge base, name normalisation, vocabularies. Knows nothing of chats."""
