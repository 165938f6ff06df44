// Command driver runs the benchmark programs that scripts/bench/run built
// (zmqffi, pebbe/zmq4 and C; zmqffi-bw is the zmqffi program with a blocking
// wait; zmqffi-base, with -base, is the zmqffi program built on an earlier
// revision of the module), interleaved: in every round each workload runs
// once per implementation, in an order that rotates from round to round and
// workload to workload. It prints tables of the medians over the rounds and
// the ratios of the zmqffi programs to the others (medians of the per-round
// ratios), and writes them as Markdown to -out.
//
// Workloads: PUSH→PULL throughput over tcp (a sender process and a receiver
// process) and inproc (one process, two threads), and REQ/REP round-trip
// latency over tcp (two processes). Each is run with an allocating receive
// (a new buffer per frame) and with a receive into a reused buffer, for the
// implementations that have one: like is compared with like.
//
// A program says what it implements in its "-role version" line: recv=
// lists its receive modes (alloc, into), zc=1 that it has the zero-copy
// workload. A program whose line has no recv= is run without -recv and
// counted as alloc only, so a new implementation needs nothing more than its
// program in -bin and its name in -impls.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	binDir    = flag.String("bin", ".build/bench", "directory holding the programs zmqffi, pebbe and c")
	out       = flag.String("out", "docs/bench-results.md", "Markdown file the results are written to (empty: none)")
	rounds    = flag.Int("rounds", 7, "rounds; each runs every workload once per implementation")
	impls     = flag.String("impls", "zmqffi,pebbe,c", "implementations, comma-separated (zmqffi-bw: the zmqffi program with -blocking-wait 1ms, zmqffi-aw: with SetBlockingWait(AdaptiveWait); also zmq4, the pebbe/zmq4 drop-in, and zmq4-root, the zmq4 program's calls through the root API)")
	base      = flag.String("base", "", "describes the program zmqffi-base in -bin (the zmqffi program built on an earlier revision) and adds it to -impls")
	only      = flag.String("only", "", "run only the workloads whose name contains one of these comma-separated strings (\"inproc\", \"tcp 64 B\", \"latency\", \"alloc\")")
	scale     = flag.Float64("scale", 1, "multiplies every message count")
	countS    = flag.Int("count-small", 1_000_000, "messages per throughput run at 1 B and 64 B")
	count1K   = flag.Int("count-1k", 500_000, "messages per throughput run at 1 KiB")
	count64K  = flag.Int("count-64k", 20_000, "messages per throughput run at 64 KiB")
	countZC   = flag.Int("count-zc", 200_000, "messages per zero-copy run (64 KiB)")
	countLat  = flag.Int("count-lat", 5_000, "timed round trips per latency run")
	latRepeat = flag.Int("lat-repeat", 3, "latency runs per implementation in each round (latency on a VM is bimodal from run to run)")
	warmupLat = flag.Int("warmup", 1_000, "untimed round trips before the timed ones")
	timeout   = flag.Duration("timeout", 2*time.Minute, "limit for one run")
)

// Receive modes.
const (
	recvAlloc = "alloc" // a new buffer per frame
	recvInto  = "into"  // a reused buffer of the caller's
)

type workload struct {
	kind      string // "thr", "zc" (throughput through the zmq_msg_t API) or "lat"
	transport string
	size      int
	count     int
	recv      string // recvAlloc or recvInto; "" for zc
}

func (w workload) name() string {
	switch w.kind {
	case "lat":
		return fmt.Sprintf("%s latency %s %s", w.transport, sizeName(w.size), w.recv)
	case "zc":
		return fmt.Sprintf("%s %s zero-copy", w.transport, sizeName(w.size))
	}
	return fmt.Sprintf("%s %s %s", w.transport, sizeName(w.size), w.recv)
}

func sizeName(n int) string {
	switch {
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// result is one run's outcome: a rate, or latencies in ns.
type result struct {
	ok             bool
	msgsPerSec     float64
	mean, p50, p99 float64
}

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func scaled(n int) int { return max(2, int(float64(n)**scale)) }

func workloads() []workload {
	var ws []workload
	for _, recv := range []string{recvAlloc, recvInto} {
		for _, tr := range []string{"tcp", "inproc"} {
			for _, size := range []int{1, 64, 1 << 10, 64 << 10} {
				c := *countS
				switch size {
				case 1 << 10:
					c = *count1K
				case 64 << 10:
					c = *count64K
				}
				ws = append(ws, workload{"thr", tr, size, scaled(c), recv})
			}
		}
	}
	// libzmq's own inproc_thr measures zmq_msg_t sends and receives; zmqffi's
	// SendZeroCopy and RecvMessage are the same calls.
	ws = append(ws, workload{"zc", "inproc", 64 << 10, scaled(*countZC), ""})
	for _, recv := range []string{recvAlloc, recvInto} {
		for _, size := range []int{1, 1 << 10} {
			ws = append(ws, workload{"lat", "tcp", size, scaled(*countLat), recv})
		}
	}
	if *only == "" {
		return ws
	}
	var sel []workload
	for _, w := range ws {
		for _, pat := range strings.Split(*only, ",") {
			if pat = strings.TrimSpace(pat); pat != "" && strings.Contains(w.name(), pat) {
				sel = append(sel, w)
				break
			}
		}
	}
	return sel
}

// variants are implementations that run another one's program with extra
// flags.
var variants = map[string]struct {
	program string
	args    []string
}{
	"zmqffi-bw": {"zmqffi", []string{"-blocking-wait", "1ms"}},
	"zmqffi-aw": {"zmqffi", []string{"-blocking-wait", "-1ns"}}, // zmqffi.AdaptiveWait
	"zmq4-root": {"zmq4", []string{"-api", "root"}},
}

// impl is one implementation: its program, the flags it adds, and what its
// version line said.
type impl struct {
	name    string
	bin     string
	args    []string
	version string          // the program's version line, without "VERSION "
	recv    map[string]bool // receive modes; nil: the program takes no -recv (alloc only)
	zc      bool
}

// supports reports whether an implementation runs a workload.
func (im *impl) supports(w workload) bool {
	switch {
	case w.kind == "zc":
		return im.zc
	case im.recv == nil:
		return w.recv == recvAlloc
	}
	return im.recv[w.recv]
}

// loadImpls finds the programs and asks each for its version line.
func loadImpls(names []string) ([]*impl, error) {
	byProgram := map[string]*impl{}
	var ims []*impl
	for _, n := range names {
		im := &impl{name: n, bin: filepath.Join(*binDir, n)}
		v, isVariant := variants[n]
		if isVariant {
			im.bin, im.args = filepath.Join(*binDir, v.program), v.args
		}
		if !fileExists(im.bin) {
			return nil, fmt.Errorf("implementation %s: no program %s (scripts/bench/run builds them)", n, im.bin)
		}
		if p, ok := byProgram[im.bin]; ok {
			im.version, im.recv, im.zc = p.version, p.recv, p.zc
		} else {
			outb, err := exec.Command(im.bin, "-role", "version").Output()
			if err != nil {
				return nil, fmt.Errorf("%s -role version: %w", n, err)
			}
			im.version = strings.TrimPrefix(strings.TrimSpace(string(outb)), "VERSION ")
			for _, f := range strings.Fields(im.version) {
				k, val, _ := strings.Cut(f, "=")
				switch k {
				case "recv":
					im.recv = map[string]bool{}
					for _, m := range strings.Split(val, ",") {
						im.recv[m] = true
					}
				case "zc":
					im.zc = val == "1"
				}
			}
			byProgram[im.bin] = im
		}
		ims = append(ims, im)
	}
	return ims, nil
}

func run() error {
	names := strings.Split(*impls, ",")
	if *base != "" && !slices.Contains(names, "zmqffi-base") {
		names = append(names, "zmqffi-base")
	}
	ims, err := loadImpls(names)
	if err != nil {
		return err
	}
	ws := workloads()
	if len(ws) == 0 {
		return fmt.Errorf("-only %q selects no workload", *only)
	}
	header := describe(ims)
	fmt.Fprint(os.Stderr, header)
	// res[w][impl][round]
	res := make([]map[string][]result, len(ws))
	for i := range res {
		res[i] = map[string][]result{}
	}
	start := time.Now()
	failed := 0
	for r := 0; r < *rounds; r++ {
		for wi, w := range ws {
			reps := 1
			if w.kind == "lat" {
				reps = max(1, *latRepeat)
			}
			for rep := 0; rep < reps; rep++ {
				for _, im := range rotate(ims, r+wi+rep) {
					if !im.supports(w) {
						continue
					}
					t0 := time.Now()
					got, err := runOne(im, w)
					if err != nil {
						failed++
						fmt.Fprintf(os.Stderr, "  round %d/%d  %-26s %-11s FAILED: %v\n", r+1, *rounds, w.name(), im.name, err)
					} else {
						fmt.Fprintf(os.Stderr, "  round %d/%d  %-26s %-11s %s  (%.1fs, %s elapsed)\n", r+1, *rounds, w.name(), im.name,
							got.summary(w), time.Since(t0).Seconds(), time.Since(start).Round(time.Second))
					}
					res[wi][im.name] = append(res[wi][im.name], got)
				}
			}
		}
	}
	doc := header + "\n" + render(ws, ims, res)
	fmt.Print("\n" + doc)
	if *out != "" {
		if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(*out, []byte(doc+otherSections(*out)), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "\nwritten to %s (%s in all)\n", *out, time.Since(start).Round(time.Second))
	}
	if failed > 0 {
		return fmt.Errorf("%d runs failed", failed)
	}
	return nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func rotate[T any](s []T, k int) []T {
	k %= len(s)
	return append(slices.Clone(s[k:]), s[:k]...)
}

func (r result) summary(w workload) string {
	if w.kind == "lat" {
		return fmt.Sprintf("mean %.1f µs  p50 %.1f µs  p99 %.1f µs", r.mean/1e3, r.p50/1e3, r.p99/1e3)
	}
	return fmt.Sprintf("%s msgs/s  %s MB/s", human(r.msgsPerSec), fmtMB(r.msgsPerSec*float64(w.size)/1e6))
}

// runOne runs one implementation on one workload and parses its RESULT line.
func runOne(im *impl, w workload) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	bin := im.bin
	args := func(role, ep string) []string {
		a := []string{"-role", role, "-transport", w.transport, "-size", strconv.Itoa(w.size),
			"-count", strconv.Itoa(w.count), "-warmup", strconv.Itoa(*warmupLat), "-endpoint", ep}
		if im.recv != nil && w.recv != "" {
			a = append(a, "-recv", w.recv)
		}
		return append(a, im.args...)
	}
	if w.transport == "inproc" {
		role := "pushpull"
		if w.kind == "zc" {
			role = "pushpull-zc"
		}
		outb, err := command(ctx, bin, args(role, "inproc://bench")).Output()
		if err != nil {
			return result{}, runErr(err)
		}
		return parse(outb)
	}
	ep, err := freeEndpoint()
	if err != nil {
		return result{}, err
	}
	server, client := "pull", "push"
	if w.kind == "lat" {
		server, client = "rep", "req"
	}
	// The server binds; the client connects (libzmq retries until the bind
	// is there). The measuring side is the receiver for throughput and the
	// requester for latency.
	srv := command(ctx, bin, args(server, ep))
	var srvOut bytes.Buffer
	srv.Stdout = &srvOut
	if err := srv.Start(); err != nil {
		return result{}, err
	}
	cliOut, cliErr := command(ctx, bin, args(client, ep)).Output()
	srvErr := srv.Wait()
	if cliErr != nil {
		return result{}, fmt.Errorf("%s: %w", client, runErr(cliErr))
	}
	if srvErr != nil {
		return result{}, fmt.Errorf("%s: %w", server, runErr(srvErr))
	}
	if w.kind == "lat" {
		return parse(cliOut)
	}
	return parse(srvOut.Bytes())
}

func command(ctx context.Context, bin string, args []string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = os.Stderr
	cmd.WaitDelay = time.Second
	return cmd
}

func runErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("over the -timeout of %s: %w", *timeout, err)
	}
	return err
}

// freeEndpoint returns a tcp endpoint on the loopback with a port that was
// free a moment ago.
func freeEndpoint() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return "tcp://" + l.Addr().String(), nil
}

// parse reads "RESULT key=value ..." into a result.
func parse(b []byte) (result, error) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] != "RESULT" {
			continue
		}
		kv := map[string]float64{}
		for _, p := range f[1:] {
			k, v, _ := strings.Cut(p, "=")
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				kv[k] = x
			}
		}
		if ns, ok := kv["ns"]; ok && ns > 0 {
			return result{ok: true, msgsPerSec: kv["msgs"] / ns * 1e9}, nil
		}
		if _, ok := kv["mean_ns"]; ok {
			return result{ok: true, mean: kv["mean_ns"], p50: kv["p50_ns"], p99: kv["p99_ns"]}, nil
		}
		return result{}, fmt.Errorf("result line without a measure: %q", sc.Text())
	}
	return result{}, fmt.Errorf("no RESULT line in %q", b)
}

// describe states the machine, the libzmq each program loads, what each
// measures and the counts.
func describe(ims []*impl) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## zmqffi benchmark, %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	b.WriteString("Written by scripts/bench/run; every figure below is from this one run.\n\n")
	fmt.Fprintf(&b, "- machine: %s, %d cores, %s, Linux %s\n", cpuModel(), runtime.NumCPU(), runtime.GOARCH, firstLine("/proc/sys/kernel/osrelease"))
	fmt.Fprintf(&b, "- Go %s; pebbe/zmq4 %s (cgo); C program built with gcc -O2\n", strings.TrimPrefix(runtime.Version(), "go"), pebbeVersion())
	for _, im := range ims {
		if v, ok := variants[im.name]; ok {
			fmt.Fprintf(&b, "- %s: the %s program with %s\n", im.name, v.program, strings.Join(v.args, " "))
			continue
		}
		fmt.Fprintf(&b, "- %s: %s\n", im.name, im.version)
		if im.name == "zmqffi-base" {
			fmt.Fprintf(&b, "- zmqffi-base: the zmqffi program built on %s, for before/after ratios\n", *base)
		}
	}
	fmt.Fprintf(&b, "- messages per run: %d at 1 B and 64 B, %d at 1 KiB, %d at 64 KiB, %d zero-copy; latency: %d timed round trips after %d untimed\n",
		scaled(*countS), scaled(*count1K), scaled(*count64K), scaled(*countZC), scaled(*countLat), *warmupLat)
	fmt.Fprintf(&b, "- %d rounds, interleaved: each round runs every workload once per implementation (latency %d times), in a rotating order; figures are medians over the runs, ratios are medians of the ratios between runs made side by side\n", *rounds, max(1, *latRepeat))
	b.WriteString("- throughput: PUSH→PULL, timed by the receiver from its first message to its last; tcp = sender and receiver processes on 127.0.0.1, inproc = one process, two threads. Latency: REQ/REP round trip over tcp, two processes, 1 B or 1 KiB each way\n")
	b.WriteString("- every program sends a reused buffer (zmqffi Send, pebbe SendBytes, C zmq_send). Receives, like with like: **alloc** = a new buffer per frame (zmqffi Recv; pebbe RecvBytes; C zmq_msg_init + zmq_msg_recv, malloc + memcpy, zmq_msg_close, free); **into** = a reused buffer of the caller's (zmqffi RecvInto; C zmq_recv; pebbe/zmq4 has no such receive, hence –)\n")
	b.WriteString("- zero-copy: the calls of libzmq's own inproc_thr, zmq_msg_init_size + zmq_msg_send and zmq_msg_recv + zmq_msg_close in C, SendZeroCopy of one unchanging buffer and RecvMessage + Close in zmqffi (pebbe/zmq4 has no zero-copy API)\n")
	b.WriteString("- zmqffi waits with its default settings (parking); zmqffi-bw and zmqffi-aw (when run) with Socket.SetBlockingWait(1ms) and SetBlockingWait(AdaptiveWait)\n")
	if slices.ContainsFunc(ims, func(im *impl) bool { return im.name == "zmq4" }) {
		b.WriteString("- zmq4: package zmqffi/zmq4, the pebbe/zmq4 drop-in, making pebbe's calls (SendBytes of a reused buffer, RecvBytes); zmq4-root: the same program making the same calls through the root package (Send, Recv, which allocates as RecvBytes does)\n")
	}
	return b.String()
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// otherSections returns the sections that other scripts wrote into the
// results file at path, each between a "<!-- begin NAME -->" and a
// "<!-- end NAME -->" line (scripts/lib/results.sh), so that writing this
// run's results over the file keeps them.
func otherSections(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	marker := func(l, kind string) bool {
		return strings.HasPrefix(l, "<!-- "+kind+" ") && strings.HasSuffix(l, " -->")
	}
	var kept strings.Builder
	in := false
	for _, l := range strings.Split(string(b), "\n") {
		if !in && marker(l, "begin") {
			in = true
			kept.WriteString("\n")
		}
		if in {
			kept.WriteString(l + "\n")
			in = !marker(l, "end")
		}
	}
	return kept.String()
}

func firstLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(b))
}

// pebbeVersion reads the pebbe/zmq4 requirement from the bench module.
func pebbeVersion() string {
	f, err := os.Open("scripts/bench/pebbe/go.mod")
	if err != nil {
		return "?"
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[len(f)-2] == "github.com/pebbe/zmq4" {
			return f[len(f)-1]
		}
	}
	return "?"
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// stat returns the median of f over the successful runs.
func stat(rs []result, f func(result) float64) (float64, bool) {
	var xs []float64
	for _, r := range rs {
		if r.ok {
			xs = append(xs, f(r))
		}
	}
	return median(xs), len(xs) > 0
}

// ratio returns the median over the rounds of f(a)/f(b).
func ratio(a, b []result, f func(result) float64) string {
	var xs []float64
	for i := range min(len(a), len(b)) {
		if a[i].ok && b[i].ok && f(b[i]) > 0 {
			xs = append(xs, f(a[i])/f(b[i]))
		}
	}
	if len(xs) == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", median(xs))
}

// ratioPairs lists the ratios shown: each zmqffi program against each other
// implementation, zmqffi and zmqffi-bw against zmqffi-base, and the zmq4
// drop-in against the root API and pebbe/zmq4.
func ratioPairs(ims []*impl) [][2]string {
	var pairs [][2]string
	for _, mine := range ims {
		if !strings.HasPrefix(mine.name, "zmqffi") {
			continue
		}
		for _, other := range ims {
			isBase := other.name == "zmqffi-base"
			if other == mine || (strings.HasPrefix(other.name, "zmqffi") && !isBase) || (isBase && mine.name == "zmqffi-base") ||
				strings.HasPrefix(other.name, "zmq4") {
				continue
			}
			pairs = append(pairs, [2]string{mine.name, other.name})
		}
	}
	// The pebbe/zmq4 drop-in against the root API making the same calls,
	// and against pebbe/zmq4 itself.
	has := func(n string) bool { return slices.ContainsFunc(ims, func(im *impl) bool { return im.name == n }) }
	for _, p := range [][2]string{{"zmq4", "zmq4-root"}, {"zmq4", "pebbe"}} {
		if has(p[0]) && has(p[1]) {
			pairs = append(pairs, p)
		}
	}
	return pairs
}

// section is one table: the workloads of a kind and receive mode.
type section struct {
	title      string
	kind, recv string
}

var sections = []section{
	{"Throughput (PUSH→PULL), allocating receive, msgs/s; ratios > 1: zmqffi is faster", "thr", recvAlloc},
	{"Throughput (PUSH→PULL), receive into a reused buffer, msgs/s; ratios > 1: zmqffi is faster", "thr", recvInto},
	{"Throughput (PUSH→PULL), zero-copy, msgs/s; ratios > 1: zmqffi is faster", "zc", ""},
	{"Latency (REQ/REP round trip over tcp), allocating receive, µs: mean / p50 / p99; ratios < 1: zmqffi is faster", "lat", recvAlloc},
	{"Latency (REQ/REP round trip over tcp), receive into a reused buffer, µs: mean / p50 / p99; ratios < 1: zmqffi is faster", "lat", recvInto},
}

func render(ws []workload, ims []*impl, res []map[string][]result) string {
	var b strings.Builder
	rate := func(r result) float64 { return r.msgsPerSec }
	mean := func(r result) float64 { return r.mean }
	p50 := func(r result) float64 { return r.p50 }
	pairs := ratioPairs(ims)
	for _, sec := range sections {
		var idx []int
		for wi, w := range ws {
			if w.kind == sec.kind && w.recv == sec.recv {
				idx = append(idx, wi)
			}
		}
		if len(idx) == 0 {
			continue
		}
		// Columns of implementations that run none of these workloads, and
		// ratios with them, are left out.
		var cols []*impl
		for _, im := range ims {
			if im.supports(ws[idx[0]]) {
				cols = append(cols, im)
			}
		}
		var ps [][2]string
		for _, p := range pairs {
			if slices.ContainsFunc(cols, func(im *impl) bool { return im.name == p[0] }) &&
				slices.ContainsFunc(cols, func(im *impl) bool { return im.name == p[1] }) {
				ps = append(ps, p)
			}
		}
		lat := sec.kind == "lat"
		fmt.Fprintf(&b, "\n### %s\n\n| workload | %s |", sec.title, map[bool]string{true: "round trips", false: "msgs"}[lat])
		for _, im := range cols {
			fmt.Fprintf(&b, " %s |", im.name)
		}
		nRatio := len(ps)
		for _, p := range ps {
			if lat {
				fmt.Fprintf(&b, " %s/%s mean | %s/%s p50 |", p[0], label(p[1]), p[0], label(p[1]))
				nRatio++
			} else {
				fmt.Fprintf(&b, " %s/%s |", p[0], label(p[1]))
			}
		}
		b.WriteString("\n|---|---:|" + strings.Repeat("---:|", len(cols)+nRatio) + "\n")
		for _, wi := range idx {
			w := ws[wi]
			fmt.Fprintf(&b, "| %s | %d |", w.name(), w.count)
			for _, im := range cols {
				rs := res[wi][im.name]
				if lat {
					m, ok := stat(rs, mean)
					p5, _ := stat(rs, p50)
					p9, _ := stat(rs, func(r result) float64 { return r.p99 })
					fmt.Fprintf(&b, " %s |", cell(ok, fmt.Sprintf("%.1f / %.1f / %.1f", m/1e3, p5/1e3, p9/1e3)))
				} else {
					v, ok := stat(rs, rate)
					fmt.Fprintf(&b, " %s |", cell(ok, human(v)))
				}
			}
			for _, p := range ps {
				if lat {
					fmt.Fprintf(&b, " %s | %s |", ratio(res[wi][p[0]], res[wi][p[1]], mean), ratio(res[wi][p[0]], res[wi][p[1]], p50))
				} else {
					fmt.Fprintf(&b, " %s |", ratio(res[wi][p[0]], res[wi][p[1]], rate))
				}
			}
			b.WriteString("\n")
		}
		var left []string
		for _, im := range ims {
			if !slices.Contains(cols, im) {
				left = append(left, im.name)
			}
		}
		if len(left) > 0 {
			fmt.Fprintf(&b, "\nNot run here (no such API): %s.\n", strings.Join(left, ", "))
		}
	}
	return b.String()
}

func label(n string) string {
	if n == "c" {
		return "C"
	}
	return n
}

// cell is s, or "failed" where every run failed.
func cell(ok bool, s string) string {
	if !ok {
		return "failed"
	}
	return s
}

func human(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

func fmtMB(v float64) string {
	if v >= 100 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}
