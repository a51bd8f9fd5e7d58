// Package bench holds takeback's performance tooling (issue 7): the
// synthetic Takeout generator (bench/gen, over fixtures.BenchTakeout), the
// comparison script bench/run.sh, and, in its tests, a check that the
// synthetic Takeouts import cleanly and BenchmarkImportWebDAV, the import
// hot path to profile with pprof. See bench/README.md.
package bench
