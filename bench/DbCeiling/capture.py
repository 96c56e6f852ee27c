#!/usr/bin/python3
"""Turns the rows that PostgreSQL's csvlog gained during one request into a replay file for bench/DbCeiling.

    capture.py CSV OFFSET DATABASE APPLICATION OUT.json

Reads CSV from byte OFFSET (its size before the request) and keeps the statements logged by log_statement=all
for DATABASE on connections whose application_name is APPLICATION (- for any): "execute <name>: SQL" (extended
protocol, with "parameters: $1 = '...', ..." in the detail column) and "statement: SQL" (simple protocol).
Drops DISCARD ALL (the pool's reset) and every statement of a transaction (same backend and virtual transaction id,
so BEGIN and COMMIT too) in which a statement mentions hangfire or outbox (background polling shares the database). Writes [{"sql": ..., "parameters": [text or null, ...]}, ...] in log order, prints the number of
commands kept, and one line per command kept or dropped on stderr.
"""
import csv
import io
import json
import re
import sys

# csvlog columns (PostgreSQL 13+): 2 database_name, 3 process_id, 9 virtual_transaction_id, 13 message, 14 detail,
# 22 application_name
DATABASE, PROCESS, TRANSACTION, MESSAGE, DETAIL, APPLICATION = 2, 3, 9, 13, 14, 22
BACKGROUND = ("hangfire", "outbox")
PARAMETER = re.compile(r"\$(\d+) = (NULL|'((?:[^']|'')*)')(, |$)", re.S)


def parameters(detail):
    if not detail.startswith("parameters: "):
        return []
    text, position, values = detail[len("parameters: "):], 0, {}
    while position < len(text):
        match = PARAMETER.match(text, position)
        if not match:
            raise ValueError(f"cannot parse parameters at {position}: {detail!r}")
        values[int(match.group(1))] = None if match.group(2) == "NULL" else match.group(3).replace("''", "'")
        position = match.end()
    return [values.get(n) for n in range(1, max(values, default=0) + 1)]


def main(path, offset, database, application, out):
    with open(path, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8")
    statements = []
    for number, row in enumerate(csv.reader(io.StringIO(text))):
        if len(row) <= APPLICATION or row[DATABASE] != database:
            continue
        if application != "-" and row[APPLICATION] != application:
            continue
        message = row[MESSAGE]
        if message.startswith("execute "):
            sql = message.partition(": ")[2]
        elif message.startswith("statement: "):
            sql = message[len("statement: "):]
        else:
            continue
        transaction = (row[PROCESS], row[TRANSACTION] or f"row {number}")
        statements.append((transaction, row[PROCESS], sql, row[DETAIL]))
    background = {t for t, _, sql, _ in statements if any(word in sql.lower() for word in BACKGROUND)}
    commands = []
    for transaction, process, sql, detail in statements:
        short = " ".join(sql.split())[:100]
        if transaction in background or sql.strip().rstrip(";").lower() == "discard all":
            print(f"  dropped (pid {process}): {short}", file=sys.stderr)
            continue
        commands.append({"sql": sql, "parameters": parameters(detail)})
        print(f"  kept    (pid {process}): {short}  [{len(commands[-1]['parameters'])} parameters]", file=sys.stderr)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(commands, f, indent=1)
    return len(commands)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    print(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]))
