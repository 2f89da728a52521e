from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nkdash_desktop.lake.files import StreamingWriter, sweep_temp_files, write_table

SCHEMA = pa.schema([pa.field("id", pa.int64()), pa.field("name", pa.string())])


def table(ids: list[int]) -> pa.Table:
    return pa.Table.from_pydict({"id": ids, "name": [f"n{i}" for i in ids]}, schema=SCHEMA)


def test_write_table_replaces_atomically(tmp_path):
    dest = tmp_path / "t" / "day=2026-01-05" / "data.parquet"
    write_table(table([1, 2]), dest)
    write_table(table([3]), dest)
    assert pq.read_table(dest).column("id").to_pylist() == [3]
    assert [p.name for p in dest.parent.iterdir()] == ["data.parquet"]


def test_failed_stream_keeps_previous_version(tmp_path):
    dest = tmp_path / "data.parquet"
    write_table(table([1, 2, 3]), dest)
    with pytest.raises(RuntimeError), StreamingWriter(dest, SCHEMA) as w:
        w.write(table([10, 11]))
        raise RuntimeError("network dropped mid-partition")
    assert pq.read_table(dest).column("id").to_pylist() == [1, 2, 3]
    assert [p.name for p in tmp_path.iterdir()] == ["data.parquet"]


def test_stream_writes_batches_and_empty_partition_is_typed(tmp_path):
    dest = tmp_path / "a.parquet"
    with StreamingWriter(dest, SCHEMA) as w:
        for start in range(0, 30, 10):
            w.write(table(list(range(start, start + 10))))
    assert w.rows == 30
    assert pq.read_table(dest).num_rows == 30
    empty = tmp_path / "b.parquet"
    with StreamingWriter(empty, SCHEMA):
        pass
    t = pq.read_table(empty)
    assert t.num_rows == 0 and t.schema.equals(SCHEMA)


def test_sweep_removes_stray_temp_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / ".tmp-abc.parquet").write_bytes(b"half")
    write_table(table([1]), tmp_path / "x" / "data.parquet")
    assert sweep_temp_files(tmp_path) == 1
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["data.parquet"]
