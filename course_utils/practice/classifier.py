"""The offline reply classifier: which kind of reply a student typed (its form, not its quality).

The model is a naive Bayes classifier over word 1–2-grams, character 3–5-grams and a few
transparent cues (a question mark at the end, the first word, "you…" or "it sounds…" openings).
It is built from the course's labelled examples (`content/practice/examples/*.yaml`) at first
use, in a fraction of a second, and kept for the life of the process, so the model in use is
always a rebuild of the examples and no weights file exists. Features are hashed (CRC-32, the same
in every process) into a fixed number of buckets, so the model is a few small numpy arrays and
no table of every n-gram is kept. The confidence is calibrated and the "I can't tell" threshold
chosen by cross-validation on those examples when the model is built.

    from course_utils.practice.classifier import classify
    classify("What was that like for you?")   # Reading(skill='open_question', family='question', …)
"""

from __future__ import annotations

import ctypes
import re
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np
import yaml

from .labels import FAMILY_OF, SKILLS

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "content" / "practice" / "examples"

#: Replies longer than this are read by their first and last parts (the form of a reply is set
#: by how it opens and how it ends), so a 5,000-character paste costs no more than a long reply.
MAX_CHARS = 1000
HEAD_CHARS = 600

#: Below this share of words seen in the examples, a reply of two or more words is not read as
#: English (one word alone, often a filler such as "Mhm", is too little to judge).
MIN_KNOWN_SHARE = 0.5

FOLDS = 5
SEED = 0

_TAG = re.compile(r"<[^>]{0,200}>")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*|\?")
_YOU = frozenset({"you", "you're", "youre", "your", "you've", "youve", "you'd", "youd", "ur"})
_SOUNDS = ("it sounds", "sounds like", "it seems", "seems like", "it's like", "its like")
_I_FEEL = re.compile(
    r"\bi(?:'m| am)? (?:feel|felt|feeling|notice|find myself|was|went|had|have|used to|lost)\b"
)
_ADVICE_VERBS = frozenset(
    {
        "try",
        "consider",
        "remember",
        "make",
        "keep",
        "write",
        "take",
        "practise",
        "practice",
        "call",
        "ask",
        "aim",
        "plan",
        "avoid",
        "notice",
        "use",
        "start",
        "stop",
        "breathe",
    }
)
_HEDGE_START = ("maybe", "perhaps", "i wonder if", "could it be", "is it possible")
_CHALLENGE = re.compile(r"\b(?:but|yet|really|though|however)\b")


@dataclass(frozen=True)
class Reading:
    """What the classifier read: a skill, its family, a confidence in 0–1, and whether to say
    "I can't tell" (then `skill` is only the best guess and `reason` says why)."""

    skill: str
    family: str
    confidence: float
    unsure: bool
    reason: str = ""


@dataclass(frozen=True)
class Settings:
    """The model's choices, fixed by cross-validation (see benchmarks/classifier.md)."""

    kind: str = "multinomial"  # "multinomial" or "complement" naive Bayes
    alpha: float = 0.1  # additive smoothing
    cue_weight: float = 2.0  # how much a transparent cue counts against one word n-gram
    char_weight: float = 0.2  # how much a character n-gram counts (0 = not used)
    hash_bits: int = 17  # features are hashed into 2**hash_bits buckets


class EmptyReply(ValueError):
    """The reply has no text."""


class ExamplesError(ValueError):
    """The labelled examples cannot be read; the message names the file and the fix."""


# --- text to features ---------------------------------------------------------------------------


def prepare(text: str) -> str:
    """Plain lower-case text: tags dropped, quotes and spaces unified, long replies cut to their
    first and last parts."""
    text = unicodedata.normalize("NFKC", text)
    if len(text) > MAX_CHARS:
        text = text[:HEAD_CHARS] + " … " + text[-(MAX_CHARS - HEAD_CHARS) :]
    text = _TAG.sub(" ", text).replace("’", "'").replace("‘", "'").lower()
    return " ".join(text.split())


def words(prepared: str) -> list[str]:
    """Word tokens (a "?" counts as one) of prepared text."""
    return _WORD.findall(prepared)


def plain_words(tokens: Sequence[str]) -> list[str]:
    """The tokens without question marks."""
    return [item for item in tokens if item != "?"]


def features(text: str, settings: Settings = Settings()) -> dict[str, float]:
    """The features of one reply and their weights (word n-grams 1, the others as set)."""
    prepared = prepare(text)
    tokens = words(prepared)
    plain = plain_words(tokens)
    found = dict.fromkeys(["w:" + token for token in tokens], 1.0)
    found.update(dict.fromkeys([f"b:{a} {b}" for a, b in pairwise(tokens)], 1.0))
    if settings.char_weight:
        grams = [
            padded[start : start + size]
            for padded in {f" {token} " for token in plain}
            for size in (3, 4, 5)
            for start in range(len(padded) - size + 1)
        ]
        found.update(dict.fromkeys(["c:" + gram for gram in grams], settings.char_weight))
    for cue in cues(prepared, plain):
        found["q:" + cue] = settings.cue_weight
    return found


def stable_hash(name: str) -> int:
    """CRC-32 of the UTF-8 text: the same in every process (Python's hash() is salted)."""
    return zlib.crc32(name.encode("utf-8"))


def hashed(found: dict[str, float], hash_bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Bucket numbers and weights of a reply's features (features sharing a bucket add up)."""
    mask = (1 << hash_bits) - 1
    ids = np.fromiter((stable_hash(name) & mask for name in found), np.int32, len(found))
    return ids, np.fromiter(found.values(), np.float32, len(found))


def cues(prepared: str, plain: Sequence[str]) -> list[str]:
    """Transparent cues a person would name when telling reply kinds apart."""
    found = [_length_bucket(len(plain))]
    ending = prepared.rstrip(" .!\"')…")
    if ending.endswith("?"):
        found.append("ends-with-question-mark")
    elif "?" in prepared:
        found.append("question-mark-inside")
    if plain:
        found.append("first:" + plain[0])
        found.append("first2:" + " ".join(plain[:2]))
        if plain[0] in _YOU:
            found.append("starts-with-you")
        if plain[0] in _ADVICE_VERBS:
            found.append("starts-with-imperative")
        if plain[0] in {"i", "i'm", "im", "i've", "ive", "my", "me"}:
            found.append("starts-with-i")
    if prepared.startswith(_SOUNDS):
        found.append("starts-with-it-sounds")
    if prepared.startswith(_HEDGE_START):
        found.append("starts-with-hedge")
    if _I_FEEL.search(prepared):
        found.append("i-plus-feeling")
    if _CHALLENGE.search(prepared):
        found.append("contrast-word")
    return found


def _length_bucket(count: int) -> str:
    for limit, name in ((1, "1"), (3, "2-3"), (8, "4-8"), (20, "9-20")):
        if count <= limit:
            return "length:" + name
    return "length:21+"


# --- the examples ---------------------------------------------------------------------------------


def load_examples(folder: Path = EXAMPLES_DIR) -> tuple[list[str], list[str]]:
    """Every labelled example (texts, skills) from the folder's `<skill>.yaml` files."""
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    texts: list[str] = []
    skills: list[str] = []
    for skill in SKILLS:
        path = folder / f"{skill}.yaml"
        try:
            loader = loader_class(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ExamplesError(
                f"{path}: cannot be read ({error.strerror}) — every skill needs its examples file"
            ) from None
        try:
            data = loader.get_single_data()
        except yaml.YAMLError as error:
            raise ExamplesError(f"{path}: YAML syntax error ({error}) — fix the quoting") from None
        finally:
            loader.dispose()
        if not isinstance(data, dict) or data.get("skill") != skill:
            raise ExamplesError(f'{path}: field "skill" must be "{skill}" — set it')
        examples = data.get("examples")
        if not isinstance(examples, list) or not all(isinstance(x, str) for x in examples):
            raise ExamplesError(f'{path}: field "examples" must be a list of strings — fix it')
        texts.extend(examples)
        skills.extend([skill] * len(examples))
    return texts, skills


# --- the model ------------------------------------------------------------------------------------


@dataclass
class Matrix:
    """Documents as sparse rows over hashed feature buckets (CSR arrays, numpy only)."""

    n_features: int
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @classmethod
    def from_features(cls, rows: Iterable[dict[str, float]], hash_bits: int) -> Matrix:
        """Rows one at a time (a generator keeps only one reply's features in memory)."""
        indices, data, lengths = array("i"), array("f"), array("q", [0])
        for row in rows:
            ids, values = hashed(row, hash_bits)
            indices.frombytes(ids.tobytes())
            data.frombytes(values.tobytes())
            lengths.append(len(row))
        return cls(
            1 << hash_bits,
            np.cumsum(np.frombuffer(lengths, dtype=np.int64)),
            np.frombuffer(indices, dtype=np.int32).copy(),
            np.frombuffer(data, dtype=np.float32).copy(),
        )

    def compacted(self) -> tuple[Matrix, np.ndarray]:
        """The same rows over only the buckets in use, and those buckets (sorted), so training
        works on arrays the size of the features seen rather than of the whole table."""
        buckets = np.unique(self.indices)
        compact = np.searchsorted(buckets, self.indices).astype(np.int32)
        return Matrix(len(buckets), self.indptr, compact, self.data), buckets

    def row_of_entries(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.indptr) - 1, dtype=np.int32), np.diff(self.indptr))


def entry_keys(matrix: Matrix, labels: np.ndarray) -> np.ndarray:
    """For each stored entry, its (class, feature) cell numbered class * features + feature."""
    keys = labels.astype(np.int32)[matrix.row_of_entries()]
    keys *= matrix.n_features
    keys += matrix.indices
    return keys


def class_counts(keys: np.ndarray, data: np.ndarray, n_classes: int, n_features: int) -> np.ndarray:
    """Feature weight summed per class over the entries given: an array (classes, features)."""
    counts = np.bincount(keys, weights=data, minlength=n_classes * n_features)
    return counts.reshape(n_classes, n_features)


def weights_from_counts(counts: np.ndarray, settings: Settings) -> np.ndarray:
    """Per-feature class log-probabilities (features, classes) as float32; features unseen in
    `counts` weigh 0."""
    seen = counts.sum(axis=0) > 0
    n_seen = int(seen.sum())
    alpha = settings.alpha
    if settings.kind == "multinomial":
        log_p = np.log(counts + alpha) - np.log(counts.sum(axis=1, keepdims=True) + alpha * n_seen)
    elif settings.kind == "complement":
        complement = counts.sum(axis=0, keepdims=True) - counts
        log_q = np.log(complement + alpha) - np.log(
            complement.sum(axis=1, keepdims=True) + alpha * n_seen
        )
        log_p = -log_q
    else:
        raise ValueError(f"unknown model kind {settings.kind!r} — use multinomial or complement")
    log_p[:, ~seen] = 0.0
    return np.ascontiguousarray(log_p.T, dtype=np.float32)


def scores(matrix: Matrix, rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Class scores (rows, classes) of the chosen documents, one class at a time so that no
    (entries, classes) array is ever made."""
    starts, stops = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = stops - starts
    entries = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    owner = np.repeat(np.arange(len(rows)), lengths)
    values, ids = matrix.data[entries].astype(np.float64), matrix.indices[entries]
    del entries
    result = np.empty((len(rows), weights.shape[1]))
    for column in range(weights.shape[1]):
        result[:, column] = np.bincount(owner, values * weights[ids, column], len(rows))
    return result


def softmax(values: np.ndarray) -> np.ndarray:
    shifted = values - values.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def folds(labels: np.ndarray, n_folds: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """A fold number per example, stratified by skill, the same on every build."""
    assignment = np.empty(len(labels), dtype=np.int64)
    generator = np.random.default_rng(seed)
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        generator.shuffle(members)
        assignment[members] = np.arange(len(members)) % n_folds
    return assignment


def out_of_fold_scores(
    matrix: Matrix, labels: np.ndarray, settings: Settings, n_folds: int = FOLDS
) -> np.ndarray:
    """Every example scored by a model built without its fold (features unseen in the other
    folds are dropped, as an unknown word is at use)."""
    n_classes, n_features = len(SKILLS), matrix.n_features
    fold_of = folds(labels, n_folds)
    entry_fold = fold_of.astype(np.int8)[matrix.row_of_entries()]
    keys = entry_keys(matrix, labels)
    total = class_counts(keys, matrix.data, n_classes, n_features)
    result = np.zeros((len(labels), n_classes))
    for fold in range(n_folds):
        held = np.flatnonzero(fold_of == fold)
        chosen = entry_fold == fold
        counts = total - class_counts(keys[chosen], matrix.data[chosen], n_classes, n_features)
        del chosen
        result[held] = scores(matrix, held, weights_from_counts(counts, settings))
        del counts
    return result


def fit_temperature(raw: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that makes softmax(raw / T) best predict the labels (log-likelihood)."""
    picked = np.arange(len(labels)), labels

    def loss(t: float) -> float:
        return float(-np.log(softmax(raw / t)[picked] + 1e-12).mean())

    grid = np.geomspace(0.01, 100.0, 41)
    best = float(grid[int(np.argmin([loss(t) for t in grid]))])
    fine = best * np.geomspace(0.8, 1.25, 21)
    return float(fine[int(np.argmin([loss(t) for t in fine]))])


def choose_threshold(confidence: np.ndarray, correct: np.ndarray) -> float:
    """The confidence below which the classifier should say "I can't tell": it maximises right
    answers minus wrong answers over the out-of-fold predictions (saying nothing scores zero),
    so it stays silent where it is right no more often than wrong."""
    order = np.argsort(-confidence, kind="stable")
    gain = np.cumsum(np.where(correct[order], 1, -1))
    best = int(np.argmax(gain))
    if gain[best] <= 0:
        return 1.0
    return float(confidence[order][best])


@dataclass
class Classifier:
    """A built model: feature weights (float32 log-probabilities per hashed bucket), calibration,
    threshold and the words it knows (as a sorted array of their hashes)."""

    settings: Settings
    weights: np.ndarray
    temperature: float
    threshold: float
    known_words: np.ndarray
    cross_validated: dict[str, float]

    def nbytes(self) -> int:
        """Bytes held by the model's arrays."""
        return int(self.weights.nbytes + self.known_words.nbytes)

    def read(self, text: str) -> Reading:
        """Read one reply; raises EmptyReply when there is nothing to read."""
        if not text or not text.strip():
            raise EmptyReply("Write a reply first: there is nothing to read yet.")
        ids, values = hashed(features(text, self.settings), self.settings.hash_bits)
        raw = (values @ self.weights[ids]).astype(np.float64)
        probabilities = softmax(raw / self.temperature)
        best = int(np.argmax(probabilities))
        skill = SKILLS[best]
        confidence = round(float(probabilities[best]), 3)
        reason = ""
        plain = plain_words(words(prepare(text)))
        alphabetic = [token for token in plain if not token.isdigit()]
        if not alphabetic:
            reason = "it has no words to read"
        elif latin_share(prepare(text)) < MIN_KNOWN_SHARE or (
            len(alphabetic) > 1 and known_share(alphabetic, self.known_words) < MIN_KNOWN_SHARE
        ):
            reason = "it does not read as English"
        elif confidence < self.threshold:
            reason = "it could be more than one kind of reply"
        return Reading(skill, FAMILY_OF[skill], confidence, bool(reason), reason)


def latin_share(prepared: str) -> float:
    """Share of the letters that are in the Latin alphabet (1.0 when there are no letters)."""
    letters = [char for char in prepared if char.isalpha()]
    latin = sum(char <= "z" or "\u00c0" <= char <= "\u024f" for char in letters)
    return latin / len(letters) if letters else 1.0


def word_hashes(tokens: Iterable[str]) -> np.ndarray:
    """The sorted distinct hashes of the words."""
    return np.unique(np.fromiter((stable_hash(token) for token in tokens), np.uint32))


def known_share(tokens: Sequence[str], known: np.ndarray) -> float:
    """Share of the tokens found among the known words (`known`: sorted hashes of them)."""
    if not tokens or not len(known):
        return 0.0
    found = np.fromiter((stable_hash(token) for token in tokens), np.uint32, len(tokens))
    places = np.minimum(np.searchsorted(known, found), len(known) - 1)
    return float((known[places] == found).mean())


def build(
    folder: Path = EXAMPLES_DIR,
    settings: Settings = Settings(),
    examples: tuple[Sequence[str], Sequence[str]] | None = None,
) -> Classifier:
    """Build the classifier from labelled examples (the folder's, or `examples` = texts, skills)."""
    texts, skills = examples if examples is not None else load_examples(folder)
    labels = np.asarray([SKILLS.index(skill) for skill in skills], dtype=np.int64)
    matrix, buckets = Matrix.from_features(
        (features(text, settings) for text in texts), settings.hash_bits
    ).compacted()
    raw = out_of_fold_scores(matrix, labels, settings)
    temperature = fit_temperature(raw, labels)
    probabilities = softmax(raw / temperature)
    predicted = probabilities.argmax(axis=1)
    confidence = np.round(probabilities.max(axis=1), 3)
    threshold = choose_threshold(confidence, predicted == labels)
    counts = class_counts(entry_keys(matrix, labels), matrix.data, len(SKILLS), matrix.n_features)
    del matrix, raw
    weights = np.zeros((1 << settings.hash_bits, len(SKILLS)), dtype=np.float32)
    weights[buckets] = weights_from_counts(counts, settings)
    del counts, buckets
    known = word_hashes(word for text in texts for word in plain_words(words(prepare(text))))
    model = Classifier(
        settings=settings,
        weights=weights,
        temperature=temperature,
        threshold=threshold,
        known_words=known,
        cross_validated={
            "macro_f1": macro_f1(labels, predicted, len(SKILLS)),
            "accuracy": float((predicted == labels).mean()),
            "answered_share": float((confidence >= threshold).mean()),
        },
    )
    del probabilities, predicted, confidence, labels
    release_freed_memory()
    return model


def release_freed_memory() -> None:
    """Hand the memory the build freed back to the system. The C allocator (glibc) otherwise keeps
    the freed training arrays for reuse, about 10 MiB the kernel would go on holding; elsewhere
    this does nothing."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):  # AttributeError: not glibc (musl has none)
            ctypes.CDLL(None).malloc_trim(0)


def macro_f1(truth: np.ndarray, predicted: np.ndarray, n_classes: int) -> float:
    """The mean over classes of F1 (a class never predicted nor present is left out)."""
    values = []
    for label in range(n_classes):
        tp = int(((predicted == label) & (truth == label)).sum())
        fp = int(((predicted == label) & (truth != label)).sum())
        fn = int(((predicted != label) & (truth == label)).sum())
        if tp + fp + fn:
            values.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(values)) if values else 0.0


@cache
def classifier() -> Classifier:
    """The course's classifier, built from its examples once per process."""
    return build()


def classify(text: str) -> Reading:
    """Which kind of reply `text` is (its form, not its quality); raises EmptyReply if empty."""
    return classifier().read(text)
