package abi

import (
	"fmt"
	"reflect"
	"strings"
)

// SymbolSource is what symbols are resolved from: one loaded library, looked
// up through its own handle only (never the global scope, where another
// libzmq copy could answer).
type SymbolSource interface {
	Sym(name string) (uintptr, error)
}

// Bind fills the uintptr fields of the struct that table points to with the
// addresses of the symbols named in their `sym` tags. A tag of the form
// `sym:"zmq_has,optional"` marks a symbol that may be missing (the field stays
// 0, meaning "this library cannot do that"); a missing required symbol is an
// error that names every one missing. It uses reflection and runs once per
// loaded library, never on a call path.
func Bind(src SymbolSource, table any) error {
	v := reflect.ValueOf(table)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("abi: Bind needs a pointer to a struct, got %T", table)
	}
	v = v.Elem()
	t := v.Type()
	var missing []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("sym")
		if !ok {
			continue
		}
		if f.Type.Kind() != reflect.Uintptr {
			return fmt.Errorf("abi: field %s tagged sym must be a uintptr", f.Name)
		}
		name, opt, _ := strings.Cut(tag, ",")
		addr, err := src.Sym(name)
		if err != nil || addr == 0 {
			if opt != "optional" {
				missing = append(missing, name)
			}
			continue
		}
		v.Field(i).SetUint(uint64(addr))
	}
	if len(missing) > 0 {
		return fmt.Errorf("abi: required symbols missing: %s", strings.Join(missing, ", "))
	}
	return nil
}
