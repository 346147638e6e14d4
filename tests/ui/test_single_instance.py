from __future__ import annotations

from pathlib import Path

from relmanager.ui.single_instance import InstanceServer, send_to_running


def test_second_launch_hands_its_files_to_the_first(qtbot, tmp_path: Path) -> None:
    key = f"relmanager-test-{tmp_path.name}"
    server = InstanceServer(key)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.activated, timeout=5000) as blocker:
            assert send_to_running(key, [str(tmp_path / "a.vcf")])
        assert blocker.args == [[str((tmp_path / "a.vcf").resolve())]]
    finally:
        server.close()


def test_no_running_instance_means_we_start(tmp_path: Path) -> None:
    assert send_to_running(f"relmanager-none-{tmp_path.name}", []) is False


def test_stale_socket_from_a_crash_is_taken_over(qtbot, tmp_path: Path) -> None:
    key = f"relmanager-stale-{tmp_path.name}"
    first = InstanceServer(key)
    assert first.listen()
    # Simulate a crashed first instance: its socket name stays taken.
    second = InstanceServer(key)
    assert second.listen()
    first.close()
    second.close()
