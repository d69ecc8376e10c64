"""Outlets and I/O towards the web: per-site URL rules, discovery and parsers, the polite HTTP
client, and the WARC archive. Parsers are pure (`html, url -> record`); only `http` and `warc`
touch the network or the disk."""
