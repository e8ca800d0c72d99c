"""Slate audits: every candidate of a party or council group in one run (`footprint slate`).

- load.py: the CSV or folder of profiles, validated as profiles are (bad rows kept, not fatal);
- guard.py: the wire guard and request counts for one client shared by every candidate;
- run.py: running the candidates over that client, each result handed to sinks as it finishes;
- output.py: the sink that writes each candidate's report and the overview;
- record.py: the sink that records each candidate's scan in the history database, and --resume;
- command.py: the CLI command.
"""
