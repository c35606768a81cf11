"""Evaluate the reply classifier honestly, and compare candidate models on the training examples.

Default: held-out figures (macro-F1, per-skill precision/recall/F1, the confusion matrix,
family-level macro-F1 over question/reflection/information, open-vs-closed accuracy), the median
warm time per reply and the import cost. The held-out set is only ever read here: nothing is
trained or tuned on it.

--compare: 5-fold cross-validated macro-F1 on the TRAINING examples for naive Bayes variants
(numpy) and logistic regression (scikit-learn, a test-only dependency), on the same features.

--hash-sizes: the same cross-validation for the chosen settings with features hashed into 2**14
to 2**20 buckets, with the size of the model's arrays and the build time.

Usage: .venv/bin/python benchmarks/classifier.py [--compare | --hash-sizes] [--heldout FILE]
       [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from course_utils.practice import classifier as cl  # noqa: E402
from course_utils.practice.labels import FAMILY_OF, SKILLS  # noqa: E402

HELDOUT = REPO / "benchmarks" / "classifier" / "heldout.yaml"
SCORED_FAMILIES = ("question", "reflection", "information")
FAMILIES = ("question", "reflection", "information", "other")


def load_heldout(path: Path = HELDOUT) -> tuple[list[str], list[str]]:
    """The held-out texts and skills."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = [item["text"] for item in data["examples"]]
    skills = [item["skill"] for item in data["examples"]]
    unknown = sorted(set(skills) - set(SKILLS))
    if unknown:
        raise SystemExit(f"{path}: unknown skill(s) {unknown} — use one of {list(SKILLS)}")
    return texts, skills


def per_class(truth: list[str], predicted: list[str], classes: tuple[str, ...]) -> dict:
    """Precision, recall, F1 and support per class."""
    rows = {}
    for name in classes:
        tp = sum(t == name and p == name for t, p in zip(truth, predicted, strict=True))
        fp = sum(t != name and p == name for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == name and p != name for t, p in zip(truth, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        rows[name] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return rows


def confusion(truth: list[str], predicted: list[str], classes: tuple[str, ...]) -> list[list[int]]:
    """Rows: the true class; columns: the predicted class."""
    index = {name: i for i, name in enumerate(classes)}
    matrix = [[0] * len(classes) for _ in classes]
    for t, p in zip(truth, predicted, strict=True):
        matrix[index[t]][index[p]] += 1
    return matrix


def evaluate(heldout: Path = HELDOUT, examples: Path | None = None) -> dict:
    """Every held-out figure for the shipped classifier (or one built from `examples`), scoring
    its best guess whether it is unsure or not."""
    texts, truth = load_heldout(heldout)
    model = cl.build(examples) if examples else cl.classifier()
    readings = [model.read(text) for text in texts]
    predicted = [reading.skill for reading in readings]
    skills = per_class(truth, predicted, SKILLS)
    true_family = [FAMILY_OF[s] for s in truth]
    predicted_family = [FAMILY_OF[s] for s in predicted]
    families = per_class(true_family, predicted_family, FAMILIES)
    pairs = [
        (t, p)
        for t, p in zip(truth, predicted, strict=True)
        if t in ("open_question", "closed_question")
    ]
    in_family = [(t, p) for t, p in pairs if p in ("open_question", "closed_question")]
    sure = [(r, t) for r, t in zip(readings, truth, strict=True) if not r.unsure]
    training_texts = cl.load_examples(examples or cl.EXAMPLES_DIR)[0]
    training = {" ".join(cl.words(cl.prepare(text))) for text in training_texts}
    new = [
        (t, p)
        for text, t, p in zip(texts, truth, predicted, strict=True)
        if " ".join(cl.words(cl.prepare(text))) not in training
    ]
    new_truth, new_predicted = [t for t, _ in new], [p for _, p in new]
    return {
        "n": len(texts),
        "n_training": len(training_texts),
        "macro_f1": statistics.fmean(row["f1"] for row in skills.values()),
        "accuracy": statistics.fmean(t == p for t, p in zip(truth, predicted, strict=True)),
        "n_not_in_training": len(new),
        "macro_f1_not_in_training": statistics.fmean(
            row["f1"] for row in per_class(new_truth, new_predicted, SKILLS).values()
        ),
        "per_skill": skills,
        "confusion": confusion(truth, predicted, SKILLS),
        "family_macro_f1": statistics.fmean(families[f]["f1"] for f in SCORED_FAMILIES),
        "per_family": families,
        "open_closed_accuracy": statistics.fmean(t == p for t, p in pairs) if pairs else 0.0,
        "open_closed_within_questions": (
            statistics.fmean(t == p for t, p in in_family) if in_family else 0.0
        ),
        "unsure_share": statistics.fmean(r.unsure for r in readings),
        "accuracy_when_sure": statistics.fmean(r.skill == t for r, t in sure) if sure else 0.0,
        "threshold": model.threshold,
        "temperature": model.temperature,
        "settings": asdict(model.settings),
        "training_cross_validated": model.cross_validated,
    }


def latency(texts: list[str], model: cl.Classifier) -> dict:
    """Median and 95th-centile warm time per reply, in ms (the model already built)."""
    times, longest = [], max(texts, key=len)
    for text in texts * 3:
        start = time.perf_counter()
        model.read(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    start = time.perf_counter()
    model.read((longest + " ") * (5000 // len(longest) + 1))
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95)],
        "reply_5000_chars_ms": (time.perf_counter() - start) * 1000,
    }


IMPORT_CODE = """
import json, sys, time
from pathlib import Path
def rss(field='VmRSS'):
    for line in open('/proc/self/status'):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
before = rss(); start = time.perf_counter(); cpu0 = time.process_time()
from course_utils.practice import classifier
imported = time.perf_counter(); after_import = rss(); cpu1 = time.process_time()
folder = Path(sys.argv[1]) if len(sys.argv) > 1 else classifier.EXAMPLES_DIR
classifier.build(folder).read('What was that like for you?')
built = time.perf_counter(); after_build = rss(); cpu2 = time.process_time()
peak = rss('VmHWM')
print(json.dumps({'import_s': imported - start, 'import_mib': after_import - before,
                  'import_cpu_s': cpu1 - cpu0, 'first_use_cpu_s': cpu2 - cpu1,
                  'first_use_s': built - imported, 'first_use_mib': after_build - after_import,
                  'first_use_peak_mib': peak - after_import,
                  'sklearn_loaded': 'sklearn' in __import__('sys').modules}))
"""


def import_cost(examples: Path | None = None, repeats: int = 3) -> dict:
    """Import time and memory, and the first use (building the model), in a fresh process."""
    runs = []
    for _ in range(repeats):
        result = subprocess.run(
            [sys.executable, "-c", IMPORT_CODE, *([str(examples)] if examples else [])],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
            check=True,
        )
        runs.append(json.loads(result.stdout))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


# --- model comparison on the training examples (cross-validation) --------------------------------

NB_GRID = [
    cl.Settings(kind=kind, alpha=alpha, cue_weight=cue, char_weight=char)
    for kind in ("multinomial", "complement")
    for alpha in (0.03, 0.1, 0.3, 1.0)
    for cue in (1.0, 2.0, 4.0, 8.0)
    for char in (0.0, 0.2, 0.3, 1.0)
]


def compare(folder: Path = cl.EXAMPLES_DIR) -> list[dict]:
    """Cross-validated macro-F1 on the training examples for each candidate, best first."""
    texts, skills = cl.load_examples(folder)
    labels = np.asarray([SKILLS.index(s) for s in skills])
    rows = []
    for settings in NB_GRID:
        start = time.perf_counter()
        model = cl.build(settings=settings, examples=(texts, skills))
        rows.append(
            {
                "model": f"{settings.kind} NB",
                "settings": asdict(settings),
                "cv_macro_f1": model.cross_validated["macro_f1"],
                "cv_accuracy": model.cross_validated["accuracy"],
                "build_s": time.perf_counter() - start,
            }
        )
        if settings == cl.Settings():
            rows[-1]["fold_macro_f1"] = fold_scores(texts, labels, settings)
    rows.extend(logistic_rows(texts, labels))
    return sorted(rows, key=lambda row: -row["cv_macro_f1"])


def hash_sizes(folder: Path = cl.EXAMPLES_DIR, bits: range = range(14, 21)) -> list[dict]:
    """Cross-validated macro-F1 on the training examples for each hash table size."""
    examples = cl.load_examples(folder)
    rows = []
    for hash_bits in bits:
        start = time.perf_counter()
        model = cl.build(settings=replace(cl.Settings(), hash_bits=hash_bits), examples=examples)
        rows.append(
            {
                "hash_bits": hash_bits,
                "cv_macro_f1": model.cross_validated["macro_f1"],
                "cv_accuracy": model.cross_validated["accuracy"],
                "model_mib": model.nbytes() / 2**20,
                "build_s": time.perf_counter() - start,
            }
        )
    return rows


def fold_scores(texts: list[str], labels: np.ndarray, settings: cl.Settings) -> list[float]:
    """Macro-F1 of each cross-validation fold on its own (how much folds differ)."""
    matrix, _ = cl.Matrix.from_features(
        [cl.features(t, settings) for t in texts], settings.hash_bits
    ).compacted()
    predicted = cl.out_of_fold_scores(matrix, labels, settings).argmax(axis=1)
    fold_of = cl.folds(labels)
    return [
        cl.macro_f1(labels[fold_of == f], predicted[fold_of == f], len(SKILLS))
        for f in range(cl.FOLDS)
    ]


def logistic_rows(texts: list[str], labels: np.ndarray) -> list[dict]:
    """Logistic regression (scikit-learn) on the same features and folds, if installed."""
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        return []
    rows = []
    for cue, char in ((1.0, 0.3), (2.0, 0.2)):
        settings = replace(cl.Settings(), cue_weight=cue, char_weight=char)
        matrix = cl.Matrix.from_features(
            [cl.features(t, settings) for t in texts], settings.hash_bits
        )
        x = csr_matrix(
            (matrix.data, matrix.indices, matrix.indptr), shape=(len(texts), matrix.n_features)
        )
        x.sum_duplicates()
        fold_of = cl.folds(labels)
        for c in (1.0, 10.0):
            start = time.perf_counter()
            predicted = np.empty_like(labels)
            for fold in range(cl.FOLDS):
                train, test = fold_of != fold, fold_of == fold
                model = LogisticRegression(C=c, max_iter=2000)
                model.fit(x[train], labels[train])
                predicted[test] = model.predict(x[test])
            rows.append(
                {
                    "model": "logistic regression (scikit-learn)",
                    "settings": {"C": c, "cue_weight": cue, "char_weight": char},
                    "cv_macro_f1": cl.macro_f1(labels, predicted, len(SKILLS)),
                    "cv_accuracy": float((predicted == labels).mean()),
                    "build_s": (time.perf_counter() - start) / cl.FOLDS,
                }
            )
    return rows


# --- printing -------------------------------------------------------------------------------------


def as_text(figures: dict) -> str:
    lines = [
        f"Held-out replies: {figures['n']}",
        f"macro-F1 (9 skills): {figures['macro_f1']:.3f}   accuracy: {figures['accuracy']:.3f}",
        f"macro-F1 on the {figures['n_not_in_training']} replies whose words are not also a "
        f"training example: {figures['macro_f1_not_in_training']:.3f}",
        f"family macro-F1 (question/reflection/information): {figures['family_macro_f1']:.3f}",
        f"open vs closed: accuracy {figures['open_closed_accuracy']:.3f} over true open/closed "
        f"questions; {figures['open_closed_within_questions']:.3f} among those read as questions",
        f"'I can't tell': {figures['unsure_share']:.1%} of replies (threshold "
        f"{figures['threshold']:.3f}); accuracy on the rest {figures['accuracy_when_sure']:.3f}",
        "",
        f"{'skill':26} {'precision':>9} {'recall':>7} {'F1':>6} {'n':>4}",
    ]
    for name, row in figures["per_skill"].items():
        lines.append(
            f"{name:26} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f} "
            f"{row['support']:4d}"
        )
    lines += [
        "",
        "confusion (rows: true, columns: read as)",
        " " * 26 + "".join(f"{i + 1:>5}" for i in range(len(SKILLS))),
    ]
    for i, (name, row) in enumerate(zip(SKILLS, figures["confusion"], strict=True)):
        lines.append(f"{i + 1} {name:24}" + "".join(f"{v:5d}" for v in row))
    if "latency" in figures:
        lat, imp = figures["latency"], figures["import"]
        lines += [
            "",
            f"warm time per reply: median {lat['median_ms']:.2f} ms, 95th centile "
            f"{lat['p95_ms']:.2f} ms; one reply of 5,000+ characters "
            f"{lat['reply_5000_chars_ms']:.2f} ms",
            f"import: {imp['import_s'] * 1000:.0f} ms wall, {imp['import_cpu_s'] * 1000:.0f} ms "
            f"CPU, {imp['import_mib']:.1f} MiB",
            f"first use (building the model): {imp['first_use_s'] * 1000:.0f} ms wall, "
            f"{imp['first_use_cpu_s'] * 1000:.0f} ms CPU, {imp['first_use_mib']:.1f} MiB kept, "
            f"peak {imp['first_use_peak_mib']:.1f} MiB above the import; "
            f"scikit-learn loaded: {imp['sklearn_loaded']}",
            f"model arrays: {figures['model_bytes'] / 2**20:.2f} MiB",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--compare", action="store_true", help="compare models by training CV")
    parser.add_argument(
        "--hash-sizes", action="store_true", help="compare hash table sizes by training CV"
    )
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--examples", type=Path, help="training examples folder (default: the course's)"
    )
    arguments = parser.parse_args()
    if arguments.compare:
        rows = compare(arguments.examples or cl.EXAMPLES_DIR)
        for row in rows:
            print(
                f"{row['cv_macro_f1']:.3f}  {row['cv_accuracy']:.3f}  {row['build_s']:.2f}s  "
                f"{row['model']:36} {row['settings']}"
            )
        figures: dict = {"compare": rows}
    elif arguments.hash_sizes:
        rows = hash_sizes(arguments.examples or cl.EXAMPLES_DIR)
        for row in rows:
            print(
                f"2**{row['hash_bits']}  CV macro-F1 {row['cv_macro_f1']:.4f}  accuracy "
                f"{row['cv_accuracy']:.4f}  arrays {row['model_mib']:.2f} MiB  "
                f"build + CV {row['build_s']:.2f} s"
            )
        figures = {"hash_sizes": rows}
    else:
        figures = evaluate(arguments.heldout, arguments.examples)
        texts, _ = load_heldout(arguments.heldout)
        model = cl.build(arguments.examples) if arguments.examples else cl.classifier()
        figures["latency"] = latency(texts, model)
        figures["import"] = import_cost(arguments.examples)
        figures["model_bytes"] = model.nbytes()
        sys.stdout.write(as_text(figures))
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
