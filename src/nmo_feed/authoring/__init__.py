"""Commands that write show folders for the people who publish: new, add, import and
add-guids."""
