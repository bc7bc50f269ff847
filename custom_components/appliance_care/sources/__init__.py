"""Where appliances' signals come from: one module per kind of source behind one seam.

`base` is the seam; `power_sensor` and `demo` are the kinds of source; `kinds` tells
which sources a subentry brings. Import the modules themselves: this package's face
stays empty so that importing the seam does not import the simulator.
"""
