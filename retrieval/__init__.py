"""Chunks, index and hybrid search over the competency-standard corpus.

Imports stay cheap: heavy libraries (chromadb, jieba, models) load on first use.
"""
