"""Persisting proprietary-code fingerprints in the workspace database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, insert, select

from airlock.detect.fingerprint import Fingerprint, FingerprintIndex
from airlock.store.models import Fingerprint as FingerprintRow
from airlock.store.models import FingerprintFile

_BATCH = 5_000


@dataclass(frozen=True)
class RootSummary:
    root: str
    files: int
    fingerprints: int
    indexed_at: datetime


class FingerprintStore:
    """Files and fingerprints per named root (a repository), replaced file by file."""

    def __init__(self, engine: Engine, scheme: str):
        self._engine = engine
        self._scheme = scheme

    def replace_file(
        self, root: str, path: str, sha256: str, fingerprints: list[Fingerprint]
    ) -> None:
        """Store a file's fingerprints, replacing what an earlier run stored for it."""
        with self._engine.begin() as conn:
            conn.execute(
                delete(FingerprintFile).where(
                    FingerprintFile.root == root, FingerprintFile.path == path
                )
            )
            file_id = conn.execute(
                insert(FingerprintFile)
                .values(
                    root=root,
                    path=path,
                    sha256=sha256,
                    scheme=self._scheme,
                    fingerprints=len(fingerprints),
                    indexed_at=datetime.now(UTC),
                )
                .returning(FingerprintFile.id)
            ).scalar_one()
            rows = [{"file_id": file_id, "hash": f.hash, "offset": f.offset} for f in fingerprints]
            for i in range(0, len(rows), _BATCH):
                conn.execute(insert(FingerprintRow), rows[i : i + _BATCH])

    def known_hashes(self, root: str) -> dict[str, str]:
        """`path -> sha256` of the files stored for `root` (unchanged files are skipped)."""
        with self._engine.connect() as conn:
            result = conn.execute(
                select(FingerprintFile.path, FingerprintFile.sha256).where(
                    FingerprintFile.root == root, FingerprintFile.scheme == self._scheme
                )
            )
            return {path: digest for path, digest in result}

    def remove_files(self, root: str, paths: set[str]) -> None:
        if not paths:
            return
        with self._engine.begin() as conn:
            conn.execute(
                delete(FingerprintFile).where(
                    FingerprintFile.root == root, FingerprintFile.path.in_(sorted(paths))
                )
            )

    def remove_root(self, root: str) -> int:
        """Forget a root; returns the number of files removed."""
        with self._engine.begin() as conn:
            result = conn.execute(delete(FingerprintFile).where(FingerprintFile.root == root))
            return result.rowcount

    def roots(self) -> list[RootSummary]:
        with self._engine.connect() as conn:
            result = conn.execute(
                select(
                    FingerprintFile.root,
                    func.count(FingerprintFile.id),
                    func.coalesce(func.sum(FingerprintFile.fingerprints), 0),
                    func.max(FingerprintFile.indexed_at),
                )
                .group_by(FingerprintFile.root)
                .order_by(FingerprintFile.root)
            )
            return [RootSummary(r, int(n), int(fp), at) for r, n, fp, at in result]

    def load_index(self) -> FingerprintIndex | None:
        """The index of every stored file of this scheme, or None when there is none."""
        query = (
            select(
                FingerprintRow.hash,
                FingerprintFile.root,
                FingerprintFile.path,
                FingerprintRow.offset,
            )
            .join(FingerprintFile, FingerprintRow.file_id == FingerprintFile.id)
            .where(FingerprintFile.scheme == self._scheme)
        )
        with self._engine.connect() as conn:
            rows = [(h, f"{root}/{path}", offset) for h, root, path, offset in conn.execute(query)]
        return FingerprintIndex.from_rows(rows) if rows else None


def load_index(engine: Engine) -> FingerprintIndex | None:
    """The workspace's fingerprint index for the default scheme, or None when empty."""
    return FingerprintStore(engine, FingerprintIndex().scheme).load_index()
