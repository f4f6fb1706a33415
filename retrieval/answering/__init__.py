"""The answering layer: question plan → item evidence → writers → outgoing-text guard."""
