"""Content and code never skew: a notebook imports the course_utils of its own checkout.

On a hub the image carries only the dependencies; nbgitpuller brings the notebooks and
course_utils together in one commit. The link `notebooks/course_utils -> ../course_utils` and the
kernel's working directory (the notebook's folder, which IPython puts on sys.path ahead of
site-packages) make `import course_utils` find that copy, even if an older course_utils is
installed in the environment. (PYTHONPATH and PYTHONSAFEPATH would change this; nothing sets them.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"


def test_notebooks_course_utils_is_a_committed_symlink_to_the_package() -> None:
    link = NOTEBOOKS / "course_utils"
    assert link.is_symlink()
    assert os.readlink(link) == "../course_utils"
    assert link.resolve() == REPO / "course_utils"
    staged = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "--stage", "notebooks/course_utils"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert staged[:1] == ["120000"], "git must store notebooks/course_utils as a symlink"


def test_every_notebook_sits_beside_the_link() -> None:
    notebooks = [p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    assert notebooks
    # a notebook in a subfolder (notebooks/instructor) has its own link to the package
    assert [
        p for p in notebooks if (p.parent / "course_utils").resolve() != REPO / "course_utils"
    ] == []


def test_no_notebook_changes_where_course_utils_comes_from() -> None:
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                assert "sys.path" not in source, f"{path.name}: a cell edits sys.path"
                assert "pip install" not in source, f"{path.name}: a cell installs packages"


def environment_with_an_old_course_utils(root: Path) -> Path:
    """A venv whose site-packages holds an older course_utils (as if pip-installed in an image)
    and sees this test environment's packages (ipykernel, …) after it. Returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    site = Path(
        subprocess.run(
            [
                str(root / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "course_utils").mkdir()
    (site / "course_utils" / "__init__.py").write_text("STALE = 'installed in the image'\n")
    (site / "test_env.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return root / "bin" / "python"


def course_utils_seen_by_a_kernel(python: Path, cwd: Path, tmp_path: Path) -> str:
    """Start a real kernel of `python` in cwd; return the file `import course_utils` loads."""
    kernels = tmp_path / "kernels"
    spec = kernels / "old-image"
    spec.mkdir(parents=True, exist_ok=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "language": "python"}))
    manager = KernelManager(
        kernel_name="old-image", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)])
    )
    env = {**os.environ, "COURSE_UTILS_DATA_DIR": str(tmp_path / "data")}
    env.pop("PYTHONPATH", None)
    manager.start_kernel(cwd=str(cwd), env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        output: list[str] = []

        def keep(message: dict) -> None:
            if message["msg_type"] == "stream":
                output.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                output.append("\n".join(message["content"]["traceback"]))

        code = "import os, course_utils; print(os.path.realpath(course_utils.__file__))"
        reply = client.execute_interactive(code, timeout=60, output_hook=keep)
        assert reply["content"]["status"] == "ok", "".join(output)
        return "".join(output).strip()
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_kernel_in_notebooks_imports_this_checkout_over_an_installed_copy(
    tmp_path: Path,
) -> None:
    """As in JupyterLab: a kernel started in the notebook's folder, in an environment with an
    older course_utils installed, still runs this checkout's code."""
    python = environment_with_an_old_course_utils(tmp_path / "image-env")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The control: outside notebooks/ the installed (old) copy is what the kernel finds.
    assert "image-env" in course_utils_seen_by_a_kernel(python, elsewhere, tmp_path)
    assert course_utils_seen_by_a_kernel(python, NOTEBOOKS, tmp_path) == str(
        REPO / "course_utils" / "__init__.py"
    )
