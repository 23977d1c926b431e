#!/usr/bin/env python3
"""The peer's tagging speed (bench/train/tagging.mjs): trains the peer (../shared/peer/bilstm_crf.py, imported,
unchanged) for --epochs epochs on TRAIN with its own loop settings, then times its own `predict` on DEV --runs
times and prints one JSON line: words, seconds and words/s of each run. Speed does not depend on accuracy."""
import argparse, importlib.util, json, random, sys, time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--peer", required=True)
ap.add_argument("--train", required=True)
ap.add_argument("--dev", required=True)
ap.add_argument("--epochs", type=int, default=1)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()

spec = importlib.util.spec_from_file_location("bilstm_crf", Path(args.peer) / "bilstm_crf.py")
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
torch, nn = peer.torch, peer.nn

torch.set_num_threads(args.threads)
random.seed(args.seed)
torch.manual_seed(args.seed)
read = lambda p: [([w for w, _ in s], [t for _, t in s]) for s in peer.conlleval.read(p)]
train, dev = read(args.train), read(args.dev)
vocab = peer.Vocab(train, None)
model = peer.Tagger(len(vocab.w2i), len(vocab.c2i) + 2, len(vocab.tags))
opt = torch.optim.Adam(model.parameters(), lr=0.002)
t0 = time.time()
for _ in range(args.epochs):  # the training step of bilstm_crf.py's main(), batch 32
    model.train()
    for idx in peer.batches(train, 32, shuffle=True):
        words, chars, clens, cidx, lens, mask, tags = peer.tensorize([train[i] for i in idx], vocab, train=True)
        loss = model.crf.nll(model.emissions(words, chars, clens, cidx, lens), tags, mask)
        opt.zero_grad()
        (loss / len(idx)).backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
train_secs = time.time() - t0
n_words = sum(len(s[0]) for s in dev)
runs, preds = [], None
for _ in range(args.runs):  # as main() times the test set: one predict() call over the whole file
    t = time.time()
    preds = peer.predict(model, vocab, dev)
    runs.append(time.time() - t)
f = peer.score([s[1] for s in dev], preds)["micro"]["f"]
print(json.dumps({"system": "peer", "words": n_words, "trainSeconds": round(train_secs, 1), "runSeconds": [round(s, 3) for s in runs],
                  "wordsPerSecond": [round(n_words / s) for s in runs], "devF1": f, "threads": args.threads, "torch": torch.__version__}))
