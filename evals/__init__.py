"""Evaluation: question sets, metrics that need no model judge, a naive-RAG baseline, reports."""
