# Sourced by the benchmark scripts: finds (or installs) an npm peer package for a same-run comparison.
# node_modules_with PACKAGE SPEC ROOT -> prints a node_modules folder holding PACKAGE: the one
# .ci/run installs (TOLLGATE_NODE_MODULES or .ci/node), else bench/out/node, installing SPEC there.
node_modules_with() {
  local package="$1" spec="$2" root="$3"
  local modules="${TOLLGATE_NODE_MODULES:-$root/.ci/node/node_modules}"
  if [ ! -d "$modules/$package" ]; then
    modules="$root/bench/out/node/node_modules"
    if [ ! -d "$modules/$package" ]; then
      mkdir -p "$root/bench/out/node"
      (cd "$root/bench/out/node" && npm install --silent --no-audit --no-fund "$spec" >/dev/null)
    fi
  fi
  echo "$modules"
}
