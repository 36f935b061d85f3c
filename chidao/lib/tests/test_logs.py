"""Log lines are JSON objects; security lines nest as objects (SECURITY.md 45)."""

import json
import logging

from chidao.lib.logs import JsonFormatter


def format_line(logger: str, message: str, *args: object) -> dict:
    record = logging.LogRecord(logger, logging.INFO, __file__, 1, message, args, None)
    return json.loads(JsonFormatter().format(record))


def test_a_plain_message_is_one_json_object_with_an_offset_time():
    line = format_line("chidao.tasks", "reminders sent: %d", 3)
    assert line["message"] == "reminders sent: 3"
    assert line["level"] == "INFO" and line["logger"] == "chidao.tasks"
    assert line["time"].endswith("+07:00")


def test_a_security_event_nests_and_keeps_vietnamese():
    event = {"action": "login", "result": "failure", "account": "stc.chuyên\r\nviên"}
    line = format_line("chidao.security", json.dumps(event, ensure_ascii=False))
    assert line["event"] == event
    assert "message" not in line
    text = JsonFormatter().format(
        logging.LogRecord("x", logging.INFO, __file__, 1, "a\nb", (), None)
    )
    assert "\n" not in text
