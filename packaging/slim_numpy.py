"""numpy without OpenBLAS for the frozen app (Linux), used by .ci/package.

The numpy wheel on PyPI links OpenBLAS and its Fortran runtime (``numpy.libs``: 28 MB, a
sixth of the frozen folder). CommDesk uses numpy only through pyqtgraph, to hold and scale
the points of a few charts: no large matrix products, no linear algebra worth a tuned BLAS.
numpy built with ``-Dblas=none -Dlapack=none`` uses its own loops and its bundled LAPACK
subset instead, with the same API and results.

    python packaging/slim_numpy.py      # prints a folder holding that numpy

The wheel is built once per numpy version from the sdist (a few minutes on two idle cores)
and kept in ``~/.cache/commdesk/wheels`` (``COMMDESK_WHEEL_CACHE`` overrides); it is then
unpacked into ``build/numpy-noblas``, which .ci/package puts first on ``PYTHONPATH`` for
PyInstaller only. The version is the one installed, so the bundle matches what the tests ran.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP_ARGS = ("-Dblas=none", "-Dlapack=none", "-Dallow-noblas=true")


def cache_dir() -> Path:
    override = os.environ.get("COMMDESK_WHEEL_CACHE")
    return Path(override) if override else Path.home() / ".cache" / "commdesk" / "wheels"


def wheel(numpy_version: str) -> Path:
    """The cached no-BLAS wheel of ``numpy_version``, built from the sdist if missing."""
    folder = cache_dir() / f"numpy-{numpy_version}-noblas"
    found = sorted(folder.glob(f"numpy-{numpy_version}-*.whl"))
    if found:
        return found[-1]
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        f"numpy=={numpy_version}",
        "--no-binary",
        "numpy",
        "--no-deps",
        "--quiet",
        "--wheel-dir",
        str(folder),
        *(f"-Csetup-args={arg}" for arg in SETUP_ARGS),
    ]
    subprocess.run(command, check=True, stdout=sys.stderr)
    found = sorted(folder.glob(f"numpy-{numpy_version}-*.whl"))
    if not found:
        raise SystemExit(f"slim_numpy: pip built no numpy wheel in {folder}")
    return found[-1]


def unpack(wheel_path: Path, target: Path) -> Path:
    """``target`` holding the wheel's numpy (replaced if it holds another build)."""
    marker = target / ".wheel"
    if marker.is_file() and marker.read_text() == wheel_path.name:
        return target
    if target.exists():
        subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    with zipfile.ZipFile(wheel_path) as archive:
        archive.extractall(target)
    if (target / "numpy.libs").exists():
        raise SystemExit(f"slim_numpy: {wheel_path.name} still bundles libraries (numpy.libs)")
    marker.write_text(wheel_path.name)
    return target


def main() -> int:
    target = unpack(wheel(version("numpy")), ROOT / "build" / "numpy-noblas")
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
