"""The synthetic catalog: realistic, deterministic tourism objects at any scale, for load tests
and benchmarks. `generator` makes documents; `catalog` writes them through the services;
`datatourisme` writes them as a DATAtourisme flux archive."""
