"""The offline reply classifier: which kind of reply a student typed (its form, not its quality).

The model is a naive Bayes classifier over word 1–2-grams, character 3–5-grams and a few
transparent cues (a question mark at the end, the first word, "you…" or "it sounds…" openings).
It is built from the course's labelled examples (`content/practice/examples/*.yaml`) at first
use, in a fraction of a second, and kept for the life of the process, so the model in use is
always a rebuild of the examples and no weights file exists. The confidence is calibrated and the
"I can't tell" threshold chosen by cross-validation on those examples when the model is built.

    from course_utils.practice.classifier import classify
    classify("What was that like for you?")   # Reading(skill='open_question', family='question', …)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
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
    """Documents as sparse rows over a feature vocabulary (CSR arrays, numpy only)."""

    vocabulary: dict[str, int]
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @classmethod
    def from_features(cls, rows: Sequence[dict[str, float]]) -> Matrix:
        vocabulary: dict[str, int] = {}
        add = vocabulary.setdefault
        indices = [add(name, len(vocabulary)) for row in rows for name in row]
        data = [weight for row in rows for weight in row.values()]
        indptr = np.cumsum([0, *map(len, rows)])
        return cls(
            vocabulary,
            indptr.astype(np.int64),
            np.asarray(indices, dtype=np.int64),
            np.asarray(data, dtype=np.float64),
        )

    def row_of_entries(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.indptr) - 1), np.diff(self.indptr))


def class_counts(
    matrix: Matrix, labels: np.ndarray, entries: np.ndarray, n_classes: int
) -> np.ndarray:
    """Feature weight summed per class over the chosen entries: an array (classes, features)."""
    n_features = len(matrix.vocabulary)
    rows = matrix.row_of_entries()[entries]
    flat = labels[rows] * n_features + matrix.indices[entries]
    counts = np.bincount(flat, weights=matrix.data[entries], minlength=n_classes * n_features)
    return counts.reshape(n_classes, n_features)


def weights_from_counts(counts: np.ndarray, settings: Settings) -> np.ndarray:
    """Per-feature class weights (features, classes); features unseen in `counts` weigh 0."""
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
    return np.ascontiguousarray(log_p.T)


def scores(matrix: Matrix, rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Class scores (rows, classes) of the chosen documents (each has at least one feature)."""
    starts, stops = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = stops - starts
    entries = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    contributions = matrix.data[entries, None] * weights[matrix.indices[entries]]
    return np.add.reduceat(contributions, np.cumsum(lengths) - lengths, axis=0)


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
    n_classes = len(SKILLS)
    fold_of = folds(labels, n_folds)
    entry_fold = fold_of[matrix.row_of_entries()]
    total = class_counts(matrix, labels, np.arange(len(matrix.indices)), n_classes)
    result = np.zeros((len(labels), n_classes))
    for fold in range(n_folds):
        held = np.flatnonzero(fold_of == fold)
        counts = total - class_counts(matrix, labels, np.flatnonzero(entry_fold == fold), n_classes)
        result[held] = scores(matrix, held, weights_from_counts(counts, settings))
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
    """A built model: feature weights, calibration, threshold and the words it knows."""

    settings: Settings
    vocabulary: dict[str, int]
    weights: np.ndarray
    temperature: float
    threshold: float
    known_words: frozenset[str]
    cross_validated: dict[str, float]

    def read(self, text: str) -> Reading:
        """Read one reply; raises EmptyReply when there is nothing to read."""
        if not text or not text.strip():
            raise EmptyReply("Write a reply first: there is nothing to read yet.")
        found = features(text, self.settings)
        ids = [self.vocabulary[name] for name in found if name in self.vocabulary]
        values = np.fromiter((found[name] for name in found if name in self.vocabulary), float)
        raw = values @ self.weights[ids] if ids else np.zeros(len(SKILLS))
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


def known_share(tokens: Sequence[str], known: frozenset[str]) -> float:
    """Share of the tokens found among the known words."""
    return sum(token in known for token in tokens) / len(tokens) if tokens else 0.0


def build(
    folder: Path = EXAMPLES_DIR,
    settings: Settings = Settings(),
    examples: tuple[Sequence[str], Sequence[str]] | None = None,
) -> Classifier:
    """Build the classifier from labelled examples (the folder's, or `examples` = texts, skills)."""
    texts, skills = examples if examples is not None else load_examples(folder)
    labels = np.asarray([SKILLS.index(skill) for skill in skills], dtype=np.int64)
    matrix = Matrix.from_features([features(text, settings) for text in texts])
    raw = out_of_fold_scores(matrix, labels, settings)
    temperature = fit_temperature(raw, labels)
    probabilities = softmax(raw / temperature)
    predicted = probabilities.argmax(axis=1)
    confidence = np.round(probabilities.max(axis=1), 3)
    threshold = choose_threshold(confidence, predicted == labels)
    counts = class_counts(matrix, labels, np.arange(len(matrix.indices)), len(SKILLS))
    known = frozenset(word for text in texts for word in plain_words(words(prepare(text))))
    return Classifier(
        settings=settings,
        vocabulary=matrix.vocabulary,
        weights=weights_from_counts(counts, settings),
        temperature=temperature,
        threshold=threshold,
        known_words=known,
        cross_validated={
            "macro_f1": macro_f1(labels, predicted, len(SKILLS)),
            "accuracy": float((predicted == labels).mean()),
            "answered_share": float((confidence >= threshold).mean()),
        },
    )


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
