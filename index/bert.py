"""A BERT encoder in plain torch, with its weights read straight from a safetensors file.

all-MiniLM-L6-v2 is six standard BERT layers. Loading it through sentence-transformers costs
~9 s of imports (torch, transformers, scikit-learn, scipy) before the first vector, about as much
as embedding a whole report; `import torch` alone is 2-3.5 s.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import load_file


class BertEncoder:
    """Token embeddings of a BERT checkpoint (the last hidden state, as transformers' BertModel)."""

    def __init__(self, folder: Path) -> None:
        config = json.loads((folder / "config.json").read_text())
        if config["hidden_act"] != "gelu" or config["position_embedding_type"] != "absolute":
            raise ValueError(f"{folder}: only BERT with exact GELU and absolute positions is supported")
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.width = config["hidden_size"]
        w = load_file(folder / "model.safetensors")
        self.embeddings = {name: w["embeddings." + name] for name in (
            "word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight",
            "LayerNorm.weight", "LayerNorm.bias")}
        self.layers = []
        for n in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{n}."
            qkv = [p + f"attention.self.{m}." for m in ("query", "key", "value")]
            self.layers.append({
                # One matrix product for query, key and value instead of three.
                "qkv.weight": torch.cat([w[m + "weight"] for m in qkv]),
                "qkv.bias": torch.cat([w[m + "bias"] for m in qkv]),
                **{k: w[p + k] for k in (
                    "attention.output.dense.weight", "attention.output.dense.bias",
                    "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
                    "intermediate.dense.weight", "intermediate.dense.bias", "output.dense.weight",
                    "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias")}})

    @torch.inference_mode()
    def __call__(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Map (batch, tokens) ids and a boolean mask of real tokens to (batch, tokens, width)."""
        batch, length = ids.shape
        e = self.embeddings
        # Every token is of type 0: the model only ever reads single texts, never pairs.
        x = (e["word_embeddings.weight"][ids] + e["position_embeddings.weight"][:length]
             + e["token_type_embeddings.weight"][0])
        x = self._norm(x, e["LayerNorm.weight"], e["LayerNorm.bias"])
        attend = mask[:, None, None, :]  # padding is never attended to
        for w in self.layers:
            q, k, v = (F.linear(x, w["qkv.weight"], w["qkv.bias"])
                       .view(batch, length, 3, self.heads, -1).permute(2, 0, 3, 1, 4))
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=attend)
            context = context.transpose(1, 2).reshape(batch, length, self.width)
            x = self._norm(x + F.linear(context, w["attention.output.dense.weight"], w["attention.output.dense.bias"]),
                           w["attention.output.LayerNorm.weight"], w["attention.output.LayerNorm.bias"])
            hidden = F.gelu(F.linear(x, w["intermediate.dense.weight"], w["intermediate.dense.bias"]))
            x = self._norm(x + F.linear(hidden, w["output.dense.weight"], w["output.dense.bias"]),
                           w["output.LayerNorm.weight"], w["output.LayerNorm.bias"])
        return x

    def _norm(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(x, (self.width,), weight, bias, self.eps)
