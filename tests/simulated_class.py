"""A simulated class of hand-ins, for testing and previewing the class report.

    python -m tests.simulated_class OUT_DIR [--students 30] [--seed 7]

Each simulated student has an ability; each question a difficulty; the chance of a right first
attempt follows a logistic curve. One question (`NEGATIVE`) is simulated with the curve
reversed, so the report must flag its negative discrimination. Students stop at a random
module, the pre-test is answered with lower ability than module 09 (a simulated gain), and two
broken files are written beside the good ones. Simulated data: never a stand-in for a class.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

from course_utils.catalogue import BANK_DIR, catalogue
from course_utils.quizzes import load_bank
from course_utils.results import FORMAT, VERSION
from course_utils.schema import MultipleChoice, Numeric, Ordering, SingleChoice

NEGATIVE = "03-feedback/rom-why"


def _answer(question, right: bool, rng: random.Random) -> object:
    if isinstance(question, SingleChoice):
        keyed = sorted(question.correct_ids)
        wrong = [o.id for o in question.options if o.id not in question.correct_ids]
        if right or not wrong:
            return keyed[0]
        weights = [2**-i for i in range(len(wrong))]  # the first distractor is the attractive one
        return rng.choices(wrong, weights)[0]
    if isinstance(question, MultipleChoice):
        keyed = sorted(question.correct_ids)
        if right:
            return keyed
        wrong = [o.id for o in question.options if o.id not in question.correct_ids]
        return sorted(keyed[:-1] + wrong[:1]) if wrong else keyed[:-1]
    if isinstance(question, Numeric):
        return question.answer if right else question.answer + 10 * (question.tolerance + 1)
    if isinstance(question, Ordering):
        steps = [s.id for s in question.steps]
        return steps if right else list(reversed(steps))
    raise TypeError(question)


def simulate(out: Path, students: int = 30, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    banks = [load_bank(p.stem) for p in sorted(BANK_DIR.glob("*.yaml"))]
    difficulty = {f"{b.bank}/{q.id}": rng.gauss(-0.6, 0.9) for b in banks for q in b.questions}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(1, students + 1):
        learner = f"student-{number:02d}"
        ability = rng.gauss(0, 1)
        last_module = 9 if rng.random() < 0.7 else rng.randint(2, 8)
        attempts = []
        clock = 0
        for bank in banks:
            if int(bank.module) > last_module:
                continue
            for question in bank.questions:
                if not isinstance(question, SingleChoice | MultipleChoice | Numeric | Ordering):
                    continue
                key = f"{bank.bank}/{question.id}"
                theta = ability - 0.9 if bank.module == "00" else ability
                slope = -1.6 if key == NEGATIVE else 1.6
                p = 1 / (1 + math.exp(-slope * (theta - difficulty[key])))
                right = rng.random() < p
                tries = [right] if right else [False, rng.random() < 0.75]
                for correct in tries:
                    clock += 1
                    attempts.append(
                        {
                            "module": bank.module,
                            "bank": bank.bank,
                            "question": question.id,
                            "answer": _answer(question, correct, rng),
                            "score": 1.0 if correct else 0.0,
                            "correct": correct,
                            "created": f"2026-02-01T10:{clock // 60 % 60:02d}:{clock % 60:02d}Z",
                            "context": "notebook",
                        }
                    )
        cases, reflections = [], []
        for module, items in catalogue().items():
            if int(module) > last_module:
                continue
            for case in items.cases:
                if rng.random() < 0.85:
                    cases.append(
                        {
                            "module": module,
                            "case": case,
                            "run": "r1",
                            "turn": 1,
                            "node": "start",
                            "reply": "a",
                            "reason": "",
                            "values": {},
                            "finished": True,
                            "created": "2026-02-01T11:00:00Z",
                        }
                    )
            for reflection in items.reflections:
                if rng.random() < 0.9:
                    reflections.append(
                        {
                            "module": module,
                            "reflection": reflection,
                            "words": rng.randint(5, 120),
                            "created": "2026-02-01T11:00:00Z",
                        }
                    )
        data = {
            "format": FORMAT,
            "version": VERSION,
            "learner": learner,
            "exported": "2026-03-20T12:00:00+00:00",
            "attempts": attempts,
            "cases": cases,
            "reflections": reflections,
        }
        path = out / f"course-results-{learner}.json"
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        written.append(path)
    broken = {k: v for k, v in data.items() if k != "attempts"}
    (out / "course-results-no-attempts.json").write_text(json.dumps(broken), encoding="utf-8")
    (out / "course-results-latin1.csv").write_bytes("kind,learner\nexport,zoë\n".encode("latin-1"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    simulate(arguments.out, arguments.students, arguments.seed)


if __name__ == "__main__":
    main()
