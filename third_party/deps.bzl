"""Declares lmjet's external repositories from Debian packages, offline.

A workspace that depends on lmjet calls lmjet_deps() from its WORKSPACE. Every
repository is declared through maybe(), so a repository the caller declared
first (its own Abseil, GoogleTest, ...) wins and lmjet builds against it.

The Debian-backed repositories expose the canonical labels of the upstream
projects (@com_google_absl//absl/synchronization, @com_google_googletest//:gtest,
...) as cc_library targets that link the system libraries; their headers are in
/usr/include, which the system toolchain searches already.
"""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "maybe")

# Abseil targets exposed by @com_google_absl, by package. Each links the
# libraries that `pkg-config --libs absl_<target>` names.
_ABSL_PACKAGES = {
    "algorithm": ["algorithm", "container"],
    "base": ["base", "core_headers", "config", "dynamic_annotations", "endian", "prefetch"],
    "cleanup": ["cleanup"],
    "container": [
        "btree",
        "fixed_array",
        "flat_hash_map",
        "flat_hash_set",
        "inlined_vector",
        "node_hash_map",
        "node_hash_set",
    ],
    "functional": ["any_invocable", "bind_front", "function_ref"],
    "hash": ["hash"],
    "memory": ["memory"],
    "numeric": ["bits", "int128"],
    "random": ["random"],
    "strings": ["strings", "str_format", "cord"],
    "synchronization": ["synchronization"],
    "time": ["time"],
    "types": ["optional", "span", "variant"],
    "utility": ["utility"],
}

# pkg-config module names that differ from "absl_" + target.
_ABSL_PKG_NAMES = {
    "algorithm:container": "absl_algorithm_container",
    "random:random": "absl_random_random",
}

def _pkg_config_libs(ctx, module):
    result = ctx.execute(["pkg-config", "--libs", module])
    if result.return_code != 0:
        fail(("lmjet: pkg-config could not find %s (%s). Install Debian's " +
              "pkg-config and libabsl-dev, or run ./bazelw which does.") %
             (module, result.stderr.strip()))
    return result.stdout.strip().split(" ")

def _debian_absl_impl(ctx):
    ctx.file("WORKSPACE", "workspace(name = \"com_google_absl\")\n")
    ctx.file("BUILD.bazel", "")
    for package, targets in _ABSL_PACKAGES.items():
        rules = ['package(default_visibility = ["//visibility:public"])\n']
        for target in targets:
            module = _ABSL_PKG_NAMES.get(package + ":" + target, "absl_" + target)
            libs = [f for f in _pkg_config_libs(ctx, module) if f]
            rules.append("cc_library(name = %r, linkopts = %r)\n" % (target, libs))
        ctx.file("absl/%s/BUILD.bazel" % package, "\n".join(rules))

debian_absl = repository_rule(
    implementation = _debian_absl_impl,
    local = True,
    doc = "Debian's libabsl-dev under Abseil's canonical labels.",
)

def _debian_cc_repository_impl(ctx):
    ctx.file("WORKSPACE", "workspace(name = %r)\n" % ctx.name)
    ctx.file("BUILD.bazel", ctx.attr.build_file_content)

debian_cc_repository = repository_rule(
    implementation = _debian_cc_repository_impl,
    attrs = {"build_file_content": attr.string(mandatory = True)},
    local = True,
    doc = "A repository whose BUILD file links libraries installed by Debian.",
)

_GTEST_BUILD = """
package(default_visibility = ["//visibility:public"])
cc_library(name = "gtest", linkopts = ["-lgmock", "-lgtest", "-pthread"])
cc_library(name = "gtest_main", linkopts = ["-lgmock", "-lgtest_main", "-lgtest", "-pthread"])
"""

_BENCHMARK_BUILD = """
package(default_visibility = ["//visibility:public"])
cc_library(name = "benchmark", linkopts = ["-lbenchmark", "-pthread"])
cc_library(name = "benchmark_main", linkopts = ["-lbenchmark_main", "-lbenchmark", "-pthread"])
"""

_LMDB_BUILD = """
package(default_visibility = ["//visibility:public"])
cc_library(name = "lmdb", linkopts = ["-llmdb"])
"""

_SQLITE_BUILD = """
package(default_visibility = ["//visibility:public"])
cc_library(name = "sqlite3", linkopts = ["-lsqlite3"])
"""

# Bazel 4.2.3 (Debian's bazel-bootstrap) refers to these repositories from its
# built-in tools and would download them; only the few symbols it loads are
# needed, and they forward to the native rules.
_RULES_CC_DEFS = """
def cc_binary(**kwargs):
    native.cc_binary(**kwargs)

def cc_import(**kwargs):
    native.cc_import(**kwargs)

def cc_library(**kwargs):
    native.cc_library(**kwargs)

def cc_proto_library(**kwargs):
    native.cc_proto_library(**kwargs)

def cc_test(**kwargs):
    native.cc_test(**kwargs)

def cc_toolchain(**kwargs):
    native.cc_toolchain(**kwargs)

def cc_toolchain_suite(**kwargs):
    native.cc_toolchain_suite(**kwargs)

def fdo_prefetch_hints(**kwargs):
    native.fdo_prefetch_hints(**kwargs)

def fdo_profile(**kwargs):
    native.fdo_profile(**kwargs)

def objc_import(**kwargs):
    native.objc_import(**kwargs)

def objc_library(**kwargs):
    native.objc_library(**kwargs)
"""

_RULES_CC_BUILD = """
package(default_visibility = ["//visibility:public"])
alias(name = "toolchain_type", actual = "@bazel_tools//tools/cpp:toolchain_type")
"""

_RULES_JAVA_DEFS = """
def java_binary(**kwargs):
    native.java_binary(**kwargs)

def java_import(**kwargs):
    native.java_import(**kwargs)

def java_library(**kwargs):
    native.java_library(**kwargs)

def java_plugin(**kwargs):
    native.java_plugin(**kwargs)

def java_proto_library(**kwargs):
    native.java_proto_library(**kwargs)

def java_runtime(**kwargs):
    native.java_runtime(**kwargs)

def java_test(**kwargs):
    native.java_test(**kwargs)

def java_toolchain(**kwargs):
    native.java_toolchain(**kwargs)
"""

_COVERAGE_TOOLS_BUILD = """
package(default_visibility = ["//visibility:public"])
filegroup(name = "coverage_report_generator")
filegroup(name = "lcov_merger")
"""

def _stub_repository_impl(ctx):
    ctx.file("WORKSPACE", "workspace(name = %r)\n" % ctx.name)
    ctx.file("BUILD.bazel", "")
    for path, content in ctx.attr.files.items():
        ctx.file(path, content)

_stub_repository = repository_rule(
    implementation = _stub_repository_impl,
    attrs = {"files": attr.string_dict()},
)

def lmjet_deps():
    """Declares every repository lmjet needs, unless the caller already did."""
    maybe(_stub_repository, name = "rules_cc", files = {
        "cc/BUILD.bazel": _RULES_CC_BUILD,
        "cc/defs.bzl": _RULES_CC_DEFS,
    })
    maybe(_stub_repository, name = "rules_java", files = {
        "java/BUILD.bazel": "",
        "java/defs.bzl": _RULES_JAVA_DEFS,
    })
    maybe(_stub_repository, name = "remote_coverage_tools", files = {
        "BUILD.bazel": _COVERAGE_TOOLS_BUILD,
    })
    maybe(debian_absl, name = "com_google_absl")
    maybe(debian_cc_repository, name = "lmdb", build_file_content = _LMDB_BUILD)
    maybe(debian_cc_repository, name = "com_google_googletest", build_file_content = _GTEST_BUILD)
    maybe(debian_cc_repository, name = "com_github_google_benchmark", build_file_content = _BENCHMARK_BUILD)
    maybe(debian_cc_repository, name = "sqlite3", build_file_content = _SQLITE_BUILD)
