"""A PyTorch ``Dataset`` over a corpus; the only module of syndata that imports torch."""

from __future__ import annotations

import torch
from torch.utils.data import Dataset

__all__ = ["CorpusDataset"]


class CorpusDataset(Dataset):
    """``dataset[i] -> (signal tensor, classes tensor)``; ``transform`` maps the numpy signal first."""

    def __init__(self, corpus, transform=None):
        self.corpus = corpus
        self.transform = transform

    def __len__(self):
        return len(self.corpus)

    def __getitem__(self, i):
        x = self.corpus[i]
        if self.transform is not None:
            x = self.transform(x)
        return torch.as_tensor(x), torch.as_tensor(self.corpus.classes[i])
