print('tla: before await');
export const value = await Promise.resolve(42);
print('tla: after await');
