"""Where assembled feed bytes are kept: Redis when CACHE_URL is set, else files in instance/.
While Redis fails (stopped, frozen), this host's files serve instead (`redis_guard`).

Keys already contain the database's data version and the Brussels date, so an entry is never
invalidated in place: a change makes a new key, and old entries expire (Redis TTL) or are
pruned (files). Entries are shared by every worker (files: on one host; Redis: all hosts).
Meta (ETag, Last-Modified, counts) is read apart from the body, so a 304 never loads bytes.
Bodies are written and read in chunks, so a worker never holds a whole large feed.

Beside whole feeds, the cache keeps *assembly chunks* (`get_chunk`/`put_chunk`): the bytes of
a run of consecutive sessions, keyed by the sessions' stamps (content-addressed, so never
stale), from which a feed is assembled again after an edit (`services.assemble`). A feed just
assembled is kept as its list of parts (`put_json("parts", ...)`: the chunks' stamps and a few
inline bytes) and its meta (`put_meta`), without a body: it is served by streaming the chunks,
and the first request that streams it again writes the body (`sink`), which later requests
get whole (`body`), like a static file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from stem_events.redis_guard import ERRORS, RedisGuard, guard_for

PREFIX = "stem_events:feed:"
TTL_SECONDS = 2 * 24 * 3600
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FeedMeta:
    etag: str
    last_modified: float  # POSIX seconds, UTC
    events: int
    sessions: int
    size: int


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: a reader in another
    worker sees the whole file or the one before."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:40]


class Sink:
    """Receives a body chunk by chunk; `publish(meta)` makes it visible atomically."""

    def write(self, data: bytes) -> None: ...
    def publish(self, meta: FeedMeta) -> None: ...
    def abort(self) -> None: ...


class RedisSink(Sink):
    def __init__(self, client, key: str):
        self.client, self.key = client, key
        self.tmp = f"{PREFIX}tmp:{uuid.uuid4().hex}"
        self.buffer: list[bytes] = []
        self.buffered = 0

    def _flush(self) -> None:
        if self.buffer:
            self.client.append(self.tmp, b"".join(self.buffer))
            self.client.expire(self.tmp, 600)
            self.buffer, self.buffered = [], 0

    def write(self, data: bytes) -> None:
        self.buffer.append(data)
        self.buffered += len(data)
        if self.buffered >= CHUNK:
            self._flush()

    def publish(self, meta: FeedMeta) -> None:
        self._flush()
        digest = _digest(self.key)
        pipe = self.client.pipeline(transaction=True)
        pipe.rename(self.tmp, PREFIX + "body:" + digest)
        pipe.expire(PREFIX + "body:" + digest, TTL_SECONDS)
        pipe.set(PREFIX + "meta:" + digest, json.dumps(asdict(meta)), ex=TTL_SECONDS)
        pipe.execute()

    def abort(self) -> None:
        self.client.delete(self.tmp)


class RedisCache:
    def __init__(self, client):
        self.client = client

    def meta(self, key: str) -> FeedMeta | None:
        raw = self.get_json("meta", key)
        return FeedMeta(**raw) if raw else None

    def get_json(self, kind: str, key: str) -> dict | None:
        raw = self.client.get(f"{PREFIX}{kind}:{_digest(key)}")
        return json.loads(raw) if raw else None

    def put_json(self, kind: str, key: str, value: dict) -> None:
        self.client.set(f"{PREFIX}{kind}:{_digest(key)}", json.dumps(value), ex=TTL_SECONDS)

    def put_meta(self, key: str, meta: FeedMeta) -> None:
        self.put_json("meta", key, asdict(meta))

    def get_chunk(self, key: str) -> bytes | None:
        return self.client.get(f"{PREFIX}chunk:{_digest(key)}")

    def chunk_sizes(self, keys: list[str]) -> list[int | None]:
        """The size of each stored chunk (None: not stored), their TTL renewed: in use."""
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.strlen(f"{PREFIX}chunk:{_digest(key)}")
            pipe.expire(f"{PREFIX}chunk:{_digest(key)}", TTL_SECONDS)
        answers = pipe.execute()
        return [size or None for size in answers[::2]]

    def put_chunk(self, key: str, data: bytes) -> None:
        self.client.set(f"{PREFIX}chunk:{_digest(key)}", data, ex=TTL_SECONDS)

    def body(self, key: str) -> Iterator[bytes] | None:
        name = PREFIX + "body:" + _digest(key)
        size = self.client.strlen(name)
        if not size:
            return None

        def chunks() -> Iterator[bytes]:
            for offset in range(0, size, CHUNK):
                yield self.client.getrange(name, offset, min(offset + CHUNK, size) - 1)
        return chunks()

    def sink(self, key: str) -> RedisSink:
        return RedisSink(self.client, key)


class FileSink(Sink):
    def __init__(self, directory: Path, key: str):
        self.dir, self.key = directory, key
        fd, self.tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        self.handle = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.handle.write(data)

    def publish(self, meta: FeedMeta) -> None:
        self.handle.close()
        digest = _digest(self.key)
        os.replace(self.tmp, self.dir / f"{digest}.ics")  # the body first, then its meta
        _replace(self.dir / f"{digest}.json", json.dumps(asdict(meta)).encode())

    def abort(self) -> None:
        self.handle.close()
        Path(self.tmp).unlink(missing_ok=True)


class FileCache:
    """One `.ics` and one `.json` per key, written to a temporary file and renamed, so a
    reader in another worker sees the whole file or none. Served like a static file."""

    def __init__(self, directory: str | os.PathLike):
        self.dir = Path(directory)

    def meta(self, key: str) -> FeedMeta | None:
        raw = self.get_json("meta", key)
        return FeedMeta(**raw) if raw else None

    def _json_path(self, kind: str, key: str) -> Path:
        suffix = ".json" if kind == "meta" else f".{kind}.json"  # meta: beside the body
        return self.dir / f"{_digest(key)}{suffix}"

    def get_json(self, kind: str, key: str) -> dict | None:
        try:
            return json.loads(self._json_path(kind, key).read_text())
        except (FileNotFoundError, ValueError):
            return None

    def put_json(self, kind: str, key: str, value: dict) -> None:
        _replace(self._json_path(kind, key), json.dumps(value).encode())

    def put_meta(self, key: str, meta: FeedMeta) -> None:
        self.put_json("meta", key, asdict(meta))

    def get_chunk(self, key: str) -> bytes | None:
        try:
            with open(self.dir / f"{_digest(key)}.chunk", "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def chunk_sizes(self, keys: list[str]) -> list[int | None]:
        """The size of each stored chunk (None: not stored), each touched: in use, so not
        pruned while a feed lists it."""
        sizes: list[int | None] = []
        for key in keys:
            path = os.path.join(self.dir, f"{_digest(key)}.chunk")
            try:
                os.utime(path)
                sizes.append(os.stat(path).st_size)
            except FileNotFoundError:
                sizes.append(None)
        return sizes

    def put_chunk(self, key: str, data: bytes) -> None:
        _replace(self.dir / f"{_digest(key)}.chunk", data)

    def body(self, key: str) -> Path | None:
        path = self.dir / f"{_digest(key)}.ics"
        return path if path.exists() else None

    def sink(self, key: str) -> FileSink:
        self.dir.mkdir(parents=True, exist_ok=True)
        self._prune()
        return FileSink(self.dir, key)

    def _prune(self) -> None:
        """Drop entries older than the TTL (old data versions and days)."""
        limit = time.time() - TTL_SECONDS
        for path in self.dir.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except FileNotFoundError:
                pass


class GuardedSink(Sink):
    """A Redis sink that gives up quietly when Redis fails: the feed is then served from the
    bytes assembled again (`get_feed`), and the circuit sends later requests to the files."""

    def __init__(self, guard: RedisGuard, sink: RedisSink):
        self.guard, self.sink, self.failed = guard, sink, False

    def _try(self, operation) -> None:
        if self.failed:
            return
        try:
            operation()
        except ERRORS as error:
            self.failed = True
            self.guard.breaker.failure(error)
            self.guard.call(lambda client: self.sink.abort(), None)

    def write(self, data: bytes) -> None:
        self._try(lambda: self.sink.write(data))

    def publish(self, meta: FeedMeta) -> None:
        self._try(lambda: self.sink.publish(meta))

    def abort(self) -> None:
        self._try(self.sink.abort)


_FAILED = object()


class GuardedCache:
    """Redis while it answers; this host's files while it fails or its circuit is open."""

    def __init__(self, url: str, fallback: FileCache):
        self.guard = guard_for(url)
        self.redis, self.fallback = RedisCache(self.guard.client), fallback

    def _either(self, name: str, *args):
        if self.guard.breaker.allow():
            result = self.guard.call(lambda client: getattr(self.redis, name)(*args), _FAILED)
            if result is not _FAILED:
                return result
        return getattr(self.fallback, name)(*args)

    def meta(self, key: str) -> FeedMeta | None:
        return self._either("meta", key)

    def get_json(self, kind: str, key: str) -> dict | None:
        return self._either("get_json", kind, key)

    def put_json(self, kind: str, key: str, value: dict) -> None:
        self._either("put_json", kind, key, value)

    def put_meta(self, key: str, meta: FeedMeta) -> None:
        self._either("put_meta", key, meta)

    def get_chunk(self, key: str) -> bytes | None:
        return self._either("get_chunk", key)

    def chunk_sizes(self, keys: list[str]) -> list[int | None]:
        return self._either("chunk_sizes", keys)

    def put_chunk(self, key: str, data: bytes) -> None:
        self._either("put_chunk", key, data)

    def body(self, key: str) -> Iterator[bytes] | Path | None:
        chunks = self._either("body", key)
        return self._guarded(chunks) if isinstance(chunks, Iterator) else chunks

    def _guarded(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        try:
            yield from chunks
        except ERRORS as error:  # mid-stream: the response is cut short, the circuit opens
            self.guard.breaker.failure(error)

    def sink(self, key: str) -> Sink:
        if self.guard.breaker.allow():
            return GuardedSink(self.guard, self.redis.sink(key))
        return self.fallback.sink(key)


def cache_for(config, instance_path: str) -> GuardedCache | FileCache:
    files = FileCache(config.get("FEED_CACHE_DIR") or Path(instance_path) / "feed-cache")
    if config.get("CACHE_URL"):
        return GuardedCache(config["CACHE_URL"], files)
    return files
