package core

import (
	"errors"
	"fmt"
	"net/http"
)

// Adapt returns h as an http.Handler. It takes the handler shapes micro
// serves: a Func or a func(http.ResponseWriter, *http.Request) (any, error)
// (both served as a Func), an http.HandlerFunc or a
// func(http.ResponseWriter, *http.Request), and any http.Handler. Anything
// else, and nil, is an error that says what was given and what is taken.
func Adapt(h any) (http.Handler, error) {
	switch v := h.(type) {
	case Func:
		if v == nil {
			return nil, errNilHandler
		}
		return v, nil
	case func(http.ResponseWriter, *http.Request) (any, error):
		if v == nil {
			return nil, errNilHandler
		}
		return Func(v), nil
	case http.HandlerFunc:
		if v == nil {
			return nil, errNilHandler
		}
		return v, nil
	case func(http.ResponseWriter, *http.Request):
		if v == nil {
			return nil, errNilHandler
		}
		return http.HandlerFunc(v), nil
	case http.Handler:
		return v, nil
	case nil:
		return nil, errNilHandler
	}
	return nil, fmt.Errorf("cannot serve a handler of type %T: "+
		"want a core.Func, a func(http.ResponseWriter, *http.Request) (any, error), "+
		"an http.Handler or a func(http.ResponseWriter, *http.Request)", h)
}

var errNilHandler = errors.New("cannot serve a nil handler: give a core.Func, an http.Handler or a handler function")
