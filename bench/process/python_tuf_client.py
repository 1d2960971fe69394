"""The TUF conformance CLIENT-CLI subset the process bench uses, on python-tuf's ngclient:
  python_tuf_client.py --metadata-dir DIR init ROOT
  python_tuf_client.py --metadata-dir DIR --metadata-url URL --target-name P
                       --target-base-url URL --target-dir DIR download"""
import argparse
import os
import shutil

from tuf.ngclient import Updater

p = argparse.ArgumentParser()
p.add_argument("--metadata-dir", required=True)
p.add_argument("--metadata-url")
p.add_argument("--target-name")
p.add_argument("--target-base-url")
p.add_argument("--target-dir")
p.add_argument("command")
p.add_argument("root", nargs="?")
a = p.parse_args()
if a.command == "init":
    os.makedirs(a.metadata_dir, exist_ok=True)
    shutil.copyfile(a.root, os.path.join(a.metadata_dir, "root.json"))
else:
    os.makedirs(a.target_dir, exist_ok=True)
    u = Updater(a.metadata_dir, a.metadata_url, a.target_dir, a.target_base_url)
    u.refresh()
    info = u.get_targetinfo(a.target_name)
    if info is None:
        raise SystemExit(f"{a.target_name}: not found")
    if u.find_cached_target(info) is None:
        u.download_target(info)
