package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

const (
	libScurry    = "scurry"
	libDiscordgo = "discordgo"
	libDisgo     = "disgo"
	libArikawa   = "arikawa"
)

// libs are the table's columns, scurry first.
var libs = []string{libScurry, libDiscordgo, libDisgo, libArikawa}

// row is one metric of the table.
type row struct {
	name   string
	unit   string
	better string // "higher", "lower" or "" (a count that should be 0)
	prec   int    // decimals
	vals   map[string][]float64
	notes  map[string]string // a cell text that replaces the values (n/a, error)
}

// table collects the runs' samples in a fixed row order.
type table struct {
	rows      []*row
	byKey     map[string]*row
	dialCalls int // calls of the closed-port fault scenario, for its verdict
}

func newTable() *table { return &table{byKey: map[string]*row{}} }

// def declares a row (in display order).
func (t *table) def(key, name, unit, better string, prec int) {
	r := &row{name: name, unit: unit, better: better, prec: prec, vals: map[string][]float64{}, notes: map[string]string{}}
	t.rows = append(t.rows, r)
	t.byKey[key] = r
}

func (t *table) add(key, lib string, v float64) {
	t.byKey[key].vals[lib] = append(t.byKey[key].vals[lib], v)
}

func (t *table) note(key, lib, text string) { t.byKey[key].notes[lib] = text }

// median returns the median of vs (NaN for none).
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// med returns the median of a cell.
func (t *table) med(key, lib string) float64 { return median(t.byKey[key].vals[lib]) }

func (r *row) cell(lib string) string {
	if n, ok := r.notes[lib]; ok {
		return n
	}
	vs := r.vals[lib]
	if len(vs) == 0 {
		return "—"
	}
	f := func(v float64) string { return fmt.Sprintf("%.*f", r.prec, v) }
	if len(vs) == 1 {
		return f(vs[0])
	}
	return fmt.Sprintf("%s (%s–%s)", f(median(vs)), f(slices.Min(vs)), f(slices.Max(vs)))
}

func (r *row) ratio(peer string) string {
	if _, ok := r.notes[peer]; ok {
		return "—"
	}
	if _, ok := r.notes[libScurry]; ok {
		return "—"
	}
	s, p := median(r.vals[libScurry]), median(r.vals[peer])
	if math.IsNaN(s) || math.IsNaN(p) || p == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2fx", s/p)
}

// write prints the markdown table.
func (t *table) write(w io.Writer) {
	head := []string{"metric", "unit"}
	head = append(head, libs...)
	for _, p := range libs[1:] {
		head = append(head, libScurry+"/"+p)
	}
	fmt.Fprintf(w, "| %s |\n", strings.Join(head, " | "))
	fmt.Fprintf(w, "|%s\n", strings.Repeat("---|", len(head)))
	for _, r := range t.rows {
		if len(r.vals) == 0 && len(r.notes) == 0 {
			continue // not run (-only)
		}
		unit := r.unit
		switch r.better {
		case "higher":
			unit += " ↑"
		case "lower":
			unit += " ↓"
		}
		cells := []string{r.name, unit}
		for _, l := range libs {
			cells = append(cells, r.cell(l))
		}
		for _, p := range libs[1:] {
			cells = append(cells, r.ratio(p))
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}
