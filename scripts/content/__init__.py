"""The content model: what editors write and how it is read. The page metadata schema and
its `Problem` (the one format of every error message), the YAML reader, the data files,
pages and the whole site, git history and published versions, translations, the
glossary, the who-does-what matrix, checklists and the claim markers, with the small
text helpers their generated pages use. It imports nothing from build, checks, editor or
benchmarks: everything else builds on it."""
