"""What runs inside the MkDocs build and around it: one build into a fresh folder, the
parallel language build, navigation, the facts box, listings and the generate: registry,
archive and comparison pages, changes and feeds, search, post-build steps, security
headers, the offline edition and the dev server. It may import the content model and the
checks; never the editor tools or the benchmarks."""
