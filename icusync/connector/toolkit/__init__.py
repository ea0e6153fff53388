"""What every tool shares: who is calling, how failures read, the result shape, the write rules."""
