"""Ctrl-C while a set of result files is written: the set is finished first (real SIGINT)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from netsim.io.folders import interrupt_after, prepare_output


def test_ctrl_c_during_the_writes_is_held_back_until_they_end(tmp_path):
    written = []
    with interrupt_after() as stop:
        for k in range(5):
            if k == 2:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)  # the handler runs at the next bytecode boundary
            (tmp_path / f"f{k}.csv").write_text("x", encoding="utf-8")
            written.append(k)
    assert written == [0, 1, 2, 3, 4]
    assert stop.interrupted
    # after the block Ctrl-C interrupts again
    with pytest.raises(KeyboardInterrupt):
        _ctrl_c()


def _ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)  # the handler runs at the next bytecode boundary


def test_no_ctrl_c_no_interruption():
    with interrupt_after() as stop:
        pass
    assert not stop.interrupted


def test_the_next_run_removes_what_a_killed_write_left(tmp_path):
    # a file being written is named .NAME.PID.tmp until it is renamed into place
    gone = tmp_path / ".results.parquet.999999999.tmp"  # its process was killed
    mine = tmp_path / f".log.csv.{os.getpid()}.tmp"  # a write still going on
    gone.write_bytes(b"PAR1")
    mine.write_bytes(b"month")
    prepare_output(tmp_path)
    assert not gone.exists()
    assert mine.exists()
