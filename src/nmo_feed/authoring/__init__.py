"""Commands that write show folders for the people who publish: import, new, add."""
