"""Compiler options every lmjet C++ target carries.

lmjet is C++17. Its own .bazelrc says so for this workspace, but a workspace
that depends on lmjet compiles lmjet's sources with its own flags (Bazel
4.2.3's default is -std=c++0x), so each C++ target states the standard
itself. api/esent.h stays C and C++98-compatible for the code that includes it.
"""

LMJET_CXXOPTS = ["-std=c++17"]
