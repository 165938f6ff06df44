# Sourced by the benchmark scripts: write_results_section FILE NAME TEXT puts
# TEXT into FILE between the lines "<!-- begin NAME -->" and "<!-- end NAME -->",
# replacing what was there, or appends it as a new section; the rest of the
# file is kept. A missing FILE is created with a title.
write_results_section() {
	local file=$1 name=$2 text=$3 tmp
	mkdir -p "$(dirname "$file")"
	[ -e "$file" ] || printf '# Benchmark results\n\nWritten by the scripts under scripts/bench; every figure here comes from a run of one of them.\n' > "$file"
	tmp=$(mktemp)
	awk -v name="$name" -v text="$text" '
		BEGIN { begin = "<!-- begin " name " -->"; end = "<!-- end " name " -->" }
		$0 == begin { print begin; print text; skip = 1; done = 1; next }
		$0 == end { skip = 0; print end; next }
		!skip { print }
		END { if (!done) { print ""; print begin; print text; print end } }
	' "$file" > "$tmp"
	cat "$tmp" > "$file"
	rm -f "$tmp"
}
