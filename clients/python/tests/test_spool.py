"""The spool: order, restarts, crashes and bounds; the same files as the C# SDK's."""

import os

from dualhub_client.config import SpoolOptions
from dualhub_client.spool import Batch, DiskSpool, SequenceFile


def spool(tmp_path, **kw):
    return DiskSpool(SpoolOptions(path=str(tmp_path), **kw))


def test_batches_come_out_in_the_order_they_went_in_with_their_bytes(tmp_path):
    s = spool(tmp_path)
    for i in (1, 2, 3):
        s.append(Batch(i, b"x" * i))

    assert (s.count, s.bytes, s.max_sequence) == (3, 6, 3)
    out = []
    while (b := s.peek_oldest()) is not None:
        out.append((b.sequence, b.body))
        s.remove_oldest(b.sequence)
    assert out == [(1, b"x"), (2, b"xx"), (3, b"xxx")]


def test_a_reopened_spool_has_every_batch_in_order_and_the_file_names_of_the_csharp_sdk(tmp_path):
    s = spool(tmp_path)
    for i in (7, 42, 100):
        s.append(Batch(i, b"b"))

    again = spool(tmp_path)

    assert sorted(os.listdir(tmp_path)) == ["00000000000000000007.batch", "00000000000000000042.batch", "00000000000000000100.batch"]
    assert (again.count, again.max_sequence, again.peek_oldest().sequence) == (3, 100, 7)


def test_a_reopened_spool_gives_each_batch_its_time_and_reads_an_older_agents_batch_without_one(tmp_path):
    spool(tmp_path).append(Batch(5, b"b", 1_733_550_000_005))
    (tmp_path / "00000000000000000004.batch").write_bytes(b"x 1\n")  # spooled by an agent before batch times

    again = spool(tmp_path)

    assert "00000000000000000005-1733550000005.batch" in os.listdir(tmp_path)
    legacy = again.peek_oldest()
    assert (legacy.sequence, legacy.time_ms) == (4, 0)
    again.remove_oldest(4)
    b = again.peek_oldest()
    assert (b.sequence, b.time_ms, b.body) == (5, 1_733_550_000_005, b"b")
    again.remove_oldest(5)
    assert os.listdir(tmp_path) == []


def test_an_append_cut_short_by_a_crash_is_not_restored(tmp_path):
    spool(tmp_path).append(Batch(1, b"a"))
    (tmp_path / ".00000000000000000002.batch.0A1B2C3D4E5F.tmp").write_bytes(b"half")

    again = spool(tmp_path)

    assert again.count == 1
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


def test_beyond_max_batches_the_oldest_are_dropped_and_reported(tmp_path):
    s = spool(tmp_path, max_batches=2)
    s.append(Batch(1, b"a"))
    s.append(Batch(2, b"b"))
    r = s.append(Batch(3, b"c"))

    assert (r.dropped_batches, r.first_dropped, r.last_dropped) == (1, 1, 1)
    assert s.peek_oldest().sequence == 2


def test_beyond_max_bytes_the_oldest_are_dropped_but_the_newest_always_stays(tmp_path):
    s = spool(tmp_path, max_bytes=1024)
    s.append(Batch(1, b"a" * 600))
    r = s.append(Batch(2, b"b" * 2000))

    assert (r.dropped_batches, r.dropped_bytes) == (1, 600)
    assert (s.count, s.bytes) == (1, 2000)


def test_the_sequence_file_survives_a_restart(tmp_path):
    SequenceFile(str(tmp_path)).save(41)
    assert SequenceFile(str(tmp_path)).load() == 41
    assert SequenceFile(str(tmp_path / "missing")).load() == 0
