"""Editor tools: scaffolding pages and versions, the agency report, CODEOWNERS, the
contribution links and the pull-request review report. It may import the content model
and the checks."""
