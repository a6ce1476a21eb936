"""Resumes: checked by content (not by name), stored outside static/ under a random name,
and served only through views that check who asks."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, send_file

from careercenter.extensions import db
from careercenter.models import Resume, User

MAX_RESUME_BYTES = 5 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EXTENSIONS = {PDF: "pdf", DOCX: "docx"}


class ResumeError(ValueError):
    pass


def read_upload(field) -> tuple[bytes, str] | None:
    """A form's file field as (bytes, filename), or None when no file was chosen."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    # Read at most one byte past the limit: enough to know it is too large.
    return upload.read(MAX_RESUME_BYTES + 1), upload.filename


def sniff(data: bytes) -> str:
    """The resume's real type from its bytes: a PDF or a Word (DOCX) document."""
    if not data:
        raise ResumeError("The file is empty.")
    if len(data) > MAX_RESUME_BYTES:
        raise ResumeError("The resume must be at most 5 MB.")
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    if sum(i.file_size for i in archive.infolist()) > 50 * MAX_RESUME_BYTES:
                        raise ResumeError("This Word file expands too much to be a resume.")
                    return DOCX
        except zipfile.BadZipFile:
            pass
    raise ResumeError("The resume must be a PDF or a Word (.docx) file.")


def safe_filename(name: str | None, content_type: str) -> str:
    stem = Path(name or "resume").stem
    stem = re.sub(r"[^A-Za-z0-9 ._-]+", "", stem).strip(" .")[:80] or "resume"
    return f"{stem}.{_EXTENSIONS[content_type]}"


def resume_dir() -> Path:
    folder = Path(
        current_app.config.get("RESUME_DIR") or Path(current_app.instance_path) / "resumes"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def resume_path(resume: Resume) -> Path:
    return resume_dir() / resume.storage_name


def store(owner: User, data: bytes, filename: str | None) -> Resume:
    """Check and write a resume; the caller adds it to the session and commits."""
    content_type = sniff(data)
    storage_name = secrets.token_hex(16)
    (resume_dir() / storage_name).write_bytes(data)
    return Resume(
        owner_id=owner.id,
        storage_name=storage_name,
        filename=safe_filename(filename, content_type),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def remove_orphan_files(older_than: timedelta = timedelta(hours=1)) -> list[str]:
    """Delete stored files that no resume row names: left by a process killed between
    writing the file and committing its row (they are never served). Files younger than
    `older_than` are kept, as their row may still be about to commit. Returns their names."""
    known = set(db.session.scalars(sa.select(Resume.storage_name)))
    cutoff = time.time() - older_than.total_seconds()
    removed = []
    for path in resume_dir().iterdir():
        if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def remove_file(resume: Resume) -> None:
    resume_path(resume).unlink(missing_ok=True)


def send_resume(resume: Resume):
    """The file as a download with its checked type, never rendered inline."""
    response = send_file(
        resume_path(resume),
        mimetype=resume.content_type,
        as_attachment=True,
        download_name=resume.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
