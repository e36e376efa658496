"""Staff concerns, rumour-busting Q&A and the anonymous staff link."""
