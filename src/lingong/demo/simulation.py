"""Demo: one finished run of the market simulator on the staff page (市场仿真), so an operator sees the
comparison table and charts before running their own. No draw from the demo's random stream: the simulator
seeds its own."""

from __future__ import annotations

from lingong.accounts.models import User
from lingong.demo.cast import ADMIN_PHONE
from lingong.demo.context import DemoContext
from lingong.simulation import services

DEMO_RUN = {
    "seed": 2026,
    "days": 14,
    "scale": 0.1,
    "policies": list(services.POLICY_CHOICES),
}


def build_simulation(ctx: DemoContext) -> None:
    ctx.progress.set_description("市场仿真")
    admin = User.objects.get(phone=ADMIN_PHONE)
    run = services.start_run(actor=admin, data=DEMO_RUN)
    services.execute(run.pk)  # here, not in the queue: the page shows it as soon as the demo is up
