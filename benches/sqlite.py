#!/usr/bin/env python3
"""The same generated records in SQLite, with the indexes the same questions
need, and the same questions timed: the yardstick for xfdesk's size on disk
and its lookups and reports (issue 18).

Usage: benches/sqlite.py DATA.jsonl [XFDESK_DB_DIR]
Prints the load time, the SQLite file's size after VACUUM, each query's median
over several runs, and, given xfdesk's database directory, the size ratio.
"""
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time

SCHEMA = """
CREATE TABLE village(code TEXT PRIMARY KEY, town TEXT, name TEXT);
CREATE TABLE petitioner(id INTEGER PRIMARY KEY, ref TEXT UNIQUE, name TEXT,
    id_number TEXT, phones TEXT, phone_rev TEXT, town TEXT, village TEXT);
CREATE TABLE matter(id INTEGER PRIMARY KEY, ref TEXT UNIQUE, category TEXT, town TEXT,
    summary TEXT, first_receiver TEXT, registered_at TEXT);
CREATE TABLE matter_petitioner(matter INTEGER, petitioner INTEGER);
CREATE TABLE contact(id INTEGER PRIMARY KEY, matter INTEGER, at TEXT, date TEXT,
    channel TEXT, level TEXT, headcount INTEGER, abnormal INTEGER, receiver TEXT,
    summary TEXT, town TEXT, letter_no TEXT);
CREATE TABLE contact_petitioner(contact INTEGER, petitioner INTEGER);
CREATE TABLE event(matter INTEGER, at TEXT, action TEXT, by TEXT, unit TEXT, note TEXT);
"""

# What xfdesk indexes, as SQLite would: names, ID numbers and phone tails for
# lookups, contacts by town and date for reports, a person's matters.
INDEXES = """
CREATE INDEX p_name ON petitioner(name);
CREATE INDEX p_id ON petitioner(id_number);
CREATE INDEX p_phone_rev ON petitioner(phone_rev);
CREATE INDEX p_village ON petitioner(village);
CREATE INDEX c_town_date ON contact(town, date);
CREATE INDEX c_matter ON contact(matter);
CREATE INDEX cp_contact ON contact_petitioner(contact);
CREATE INDEX mp_petitioner ON matter_petitioner(petitioner);
CREATE INDEX e_matter ON event(matter);
CREATE INDEX c_letter ON contact(letter_no);
"""


def load(db, path):
    cur = db.cursor()
    pet, mat = {}, {}
    for line in open(path, encoding="utf-8"):
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        t = r["type"]
        if t == "village":
            cur.execute("INSERT INTO village VALUES (?,?,?)", (r["code"], r["town"], r["name"]))
        elif t == "petitioner":
            phones = r.get("phones", [])
            cur.execute(
                "INSERT INTO petitioner(ref,name,id_number,phones,phone_rev,town,village) VALUES (?,?,?,?,?,?,?)",
                (r["ref"], r["name"], r.get("id_number"), ",".join(phones),
                 phones[0][::-1] if phones else None, r.get("town"), r.get("village")))
            pet[r["ref"]] = cur.lastrowid
        elif t == "matter":
            cur.execute(
                "INSERT INTO matter(ref,category,town,summary,first_receiver,registered_at) VALUES (?,?,?,?,?,?)",
                (r["ref"], r["category"], r["town"], r["summary"], r["first_receiver"], r["registered_at"]))
            mat[r["ref"]] = cur.lastrowid
            cur.executemany("INSERT INTO matter_petitioner VALUES (?,?)",
                            [(cur.lastrowid, pet[p]) for p in r["petitioners"] if p in pet])
        elif t == "contact":
            m = mat.get(r["matter"])
            cur.execute(
                "INSERT INTO contact(matter,at,date,channel,level,headcount,abnormal,receiver,summary,town,letter_no) "
                "VALUES (?,?,?,?,?,?,?,?,?,(SELECT town FROM matter WHERE id=?),?)",
                (m, r["at"], r["at"][:10], r["channel"], r["level"], r["headcount"],
                 int(r.get("abnormal", False)), r["receiver"], r["summary"], m, r.get("letter_no")))
            cid = cur.lastrowid
            cur.executemany("INSERT INTO contact_petitioner VALUES (?,?)",
                            [(cid, pet[p]) for p in r["petitioners"] if p in pet])
        elif t == "event":
            cur.execute("INSERT INTO event VALUES (?,?,?,?,?,?)",
                        (mat.get(r["matter"]), r["at"], r["action"], r["by"], r.get("unit"), r.get("note")))
    db.commit()


def timed(db, sql, params_list, runs=5):
    """Median milliseconds of running `sql` once per parameter set."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for p in params_list:
            db.execute(sql, p).fetchall()
        times.append((time.perf_counter() - t) * 1000 / len(params_list))
    return statistics.median(times)


def main():
    data = sys.argv[1]
    xfdesk_db = sys.argv[2] if len(sys.argv) > 2 else None
    path = os.path.join(tempfile.mkdtemp(prefix="xfdesk-sqlite-"), "office.db")
    db = sqlite3.connect(path)
    # LIKE 'x%' may then use the indexes, as xfdesk's prefix lookups do.
    db.execute("PRAGMA case_sensitive_like = ON")
    db.executescript(SCHEMA)
    t = time.perf_counter()
    load(db, data)
    db.executescript(INDEXES)
    db.execute("VACUUM")
    print(f"sqlite load with indexes: {time.perf_counter() - t:.1f} s")
    size = os.path.getsize(path)
    print(f"sqlite file after VACUUM: {size / 2**20:.0f} MiB")
    if xfdesk_db:
        ours = sum(os.path.getsize(os.path.join(d, f))
                   for d, _, fs in os.walk(xfdesk_db) for f in fs)
        print(f"xfdesk database {ours / 2**20:.0f} MiB = {ours / size:.2f}x SQLite's")
    sample = db.execute(
        "SELECT name, id_number, phones FROM petitioner WHERE id % 997 = 1 LIMIT 200").fetchall()
    names = [(n + "%",) for n, _, _ in sample]
    ids = [(i[:10] + "%",) for _, i, _ in sample if i]
    tails = [(p.split(",")[0][::-1][:4] + "%",) for _, _, p in sample if p]
    print(f"sqlite lookup by name prefix: {timed(db, 'SELECT id, name FROM petitioner WHERE name LIKE ? LIMIT 20', names):.3f} ms")
    print(f"sqlite lookup by ID prefix: {timed(db, 'SELECT id FROM petitioner WHERE id_number LIKE ? LIMIT 20', ids):.3f} ms")
    print(f"sqlite lookup by phone tail: {timed(db, 'SELECT id FROM petitioner WHERE phone_rev LIKE ? LIMIT 20', tails):.3f} ms")
    year = ("2025-01-01", "2025-12-31")
    scorecard = ("SELECT town, channel, level, abnormal, count(*), sum(headcount) FROM contact "
                 "WHERE date BETWEEN ? AND ? GROUP BY town, channel, level, abnormal")
    print(f"sqlite one-year scorecard counts: {timed(db, scorecard, [year], 3):.0f} ms")
    zero = ("SELECT code FROM village WHERE code NOT IN (SELECT p.village FROM contact c "
            "JOIN contact_petitioner cp ON cp.contact = c.id JOIN petitioner p ON p.id = cp.petitioner "
            "WHERE c.channel = 'visit' AND c.level IN ('county','city','province','national') "
            "AND c.date BETWEEN ? AND ? AND p.village IS NOT NULL)")
    print(f"sqlite one-year zero-visit villages: {timed(db, zero, [year], 3):.0f} ms")


if __name__ == "__main__":
    main()
