"""Excel returns in and out. Nothing here touches the request: views hand in plain rows."""
