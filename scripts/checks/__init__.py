"""Quality checks an editor's change must pass: personal data, links in sources and in the
built site, readability, page weight, the HTML policy and repository files. Each reports
`Problem`s. It may import the content model only."""
