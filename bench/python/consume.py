"""The same measurement as `ami-bench consume`, with Python's panoramisk:
count every event until `Event: Shutdown`, then print
`panoramisk EVENTS SECONDS EVENTS_PER_SECOND`.

usage: python consume.py HOST PORT USER SECRET
"""
import asyncio
import sys
import time

from panoramisk import Manager


async def main(host, port, user, secret):
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    state = {"events": 0, "started": None}

    def on_event(manager, event):
        if event.get("Event", "").lower() == "shutdown":
            if not done.done():
                done.set_result(time.perf_counter())
            return
        if state["started"] is None:
            state["started"] = time.perf_counter()
        state["events"] += 1

    manager = Manager(host=host, port=int(port), username=user, secret=secret, ping_delay=3600)
    manager.register_event("*", on_event)
    await manager.connect()
    finished = await done
    seconds = finished - state["started"]
    events = state["events"]
    print(f"panoramisk {events} {seconds:.3f} {events / seconds:.0f}")
    manager.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
